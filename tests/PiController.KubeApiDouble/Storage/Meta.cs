using System.Globalization;
using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Storage;

/// <summary>Reading and writing an object's metadata fields in its JSON form.</summary>
internal static class Meta
{
    public static JsonObject Of(JsonObject obj) => obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    public static string? Text(JsonObject obj, string field) => obj["metadata"]?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string Name(JsonObject obj) => Text(obj, "name") ?? "";

    public static string? Namespace(JsonObject obj) => Text(obj, "namespace");

    public static long Version(JsonObject obj) =>
        long.TryParse(Text(obj, "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public static IEnumerable<string> Finalizers(JsonObject obj) =>
        (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>() ?? "");

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) =>
        (obj["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "");

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The object without metadata (and status when <paramref name="withoutStatus"/>): what a generation counts.</summary>
    public static JsonObject Content(JsonObject obj, bool withoutStatus)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("metadata");
        copy.Remove("apiVersion");
        copy.Remove("kind");
        if (withoutStatus)
        {
            copy.Remove("status");
        }
        return copy;
    }
}
