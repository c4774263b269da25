using System.Globalization;
using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Storage;

/// <summary>Numbers and booleans read from JSON whether they were parsed or built in code (a JsonValue of int is not one of long).</summary>
internal static class JsonValues
{
    public static long? Long(JsonNode? node) =>
        node is JsonValue && long.TryParse(node.ToJsonString().Trim('"'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static int? Int(JsonNode? node) => Long(node) is { } value ? (int)value : null;

    public static bool Bool(JsonNode? node) => node is JsonValue && node.ToJsonString() == "true";
}
