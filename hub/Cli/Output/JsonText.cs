using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Cli.Output;

/// <summary>
/// JSON for a person's terminal: pretty printed, and with the relaxed encoder, so "+01:00" and "é" stay as written
/// (not <c>\u002B</c>); control characters are still escaped by JSON itself, and <see cref="Terminal"/> escapes
/// anything else that could act on the terminal.
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A value as a JSON element, through its source-generated contract.</summary>
    public static JsonElement Element<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToElement(value, type);

    /// <summary>Pretty printed, two spaces of indent.</summary>
    public static string Pretty(JsonElement element) => Write(element, Indented);

    /// <summary>One line (an event of a stream, JSON Lines).</summary>
    public static string Line(JsonElement element) => Write(element, Compact);

    /// <summary>Several elements as one pretty-printed array.</summary>
    public static string PrettyArray(IEnumerable<JsonElement> elements)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartArray();
            foreach (var element in elements)
            {
                element.WriteTo(writer);
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Write(JsonElement element, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            element.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
