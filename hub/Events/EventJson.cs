using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PiController.Hub.Events;

/// <summary>
/// Compact JSON for payloads and stream messages. The REST context writes indented JSON for people; an event is
/// stored once and sent to every client, so it is written without whitespace, whatever the type info says.
/// </summary>
internal static class EventJson
{
    public static JsonElement ToElement<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var document = JsonDocument.Parse(Write(new ArrayBufferWriter<byte>(256), value, typeInfo));
        return document.RootElement.Clone();
    }

    public static string ToText<T>(T value, JsonTypeInfo<T> typeInfo) => System.Text.Encoding.UTF8.GetString(ToUtf8(value, typeInfo));

    public static byte[] ToUtf8<T>(T value, JsonTypeInfo<T> typeInfo) => Write(new ArrayBufferWriter<byte>(256), value, typeInfo).ToArray();

    /// <summary>Writes <paramref name="value"/> into <paramref name="buffer"/> (reset first) without indentation.</summary>
    public static ReadOnlyMemory<byte> Write<T>(ArrayBufferWriter<byte> buffer, T value, JsonTypeInfo<T> typeInfo)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
        return buffer.WrittenMemory;
    }
}
