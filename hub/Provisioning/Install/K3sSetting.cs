using System.Globalization;
using System.Text;

namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// One setting of config.yaml: the flag's name without its dashes, its value (text, a boolean, or a list for a
/// repeatable flag), and why the hub chose it, as the plan shows it.
/// </summary>
internal sealed record K3sSetting
{
    private K3sSetting(string key, object value, string reason) => (Key, Value, Reason) = (key, value, reason);

    public string Key { get; }

    /// <summary>A string, a bool or an <see cref="IReadOnlyList{T}"/> of strings.</summary>
    public object Value { get; }

    public string Reason { get; }

    public static K3sSetting Text(string key, string value, string reason) => new(key, value, reason);

    public static K3sSetting Flag(string key, bool value, string reason) => new(key, value, reason);

    public static K3sSetting List(string key, IEnumerable<string> values, string reason) => new(key, values.ToList(), reason);

    /// <summary>
    /// The setting as YAML lines, the way docs.k3s.io writes config files: strings double-quoted (so "0600" stays a
    /// string and never becomes an octal number), booleans bare, lists as "  - " items.
    /// </summary>
    public void WriteYaml(StringBuilder yaml)
    {
        switch (Value)
        {
            case bool flag:
                yaml.Append(CultureInfo.InvariantCulture, $"{Key}: {(flag ? "true" : "false")}\n");
                break;
            case string text:
                yaml.Append(CultureInfo.InvariantCulture, $"{Key}: {Quote(text)}\n");
                break;
            case IReadOnlyList<string> items:
                yaml.Append(CultureInfo.InvariantCulture, $"{Key}:\n");
                foreach (var item in items)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"  - {Quote(item)}\n");
                }
                break;
        }
    }

    /// <summary>A YAML double-quoted scalar: backslash and quote escaped, control characters as \uXXXX.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }
        return quoted.Append('"').ToString();
    }
}
