using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Cli.Output;

/// <summary>
/// For a verb whose result is one object with no table of its own (ping, a pin's state, a scan): json and yaml
/// print the object; for the other formats the verb prints its own text.
/// </summary>
internal static class Machine
{
    /// <summary>Prints <paramref name="value"/> and returns true when <paramref name="format"/> is json or yaml.</summary>
    public static bool Print<T>(OutputFormat format, T value, JsonTypeInfo<T> json)
    {
        switch (format)
        {
            case OutputFormat.Json:
                Terminal.WriteLine(JsonText.Pretty(JsonText.Element(value, json)));
                return true;
            case OutputFormat.Yaml:
                Terminal.Write(YamlText.Write(JsonText.Element(value, json)));
                return true;
            default:
                return false;
        }
    }
}
