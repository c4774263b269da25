using System.Text.Json;

namespace PiController.Hub.Kube.Informers;

/// <summary>Reads the identity and versions of an API object into a <see cref="KubeObject"/>.</summary>
internal static class KubeObjects
{
    public static KubeObject From(JsonElement item)
    {
        var metadata = item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        return new KubeObject(Text(metadata, "namespace"), Text(metadata, "name"), Text(metadata, "uid"), Text(metadata, "resourceVersion"),
            metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("generation", out var g) && g.TryGetInt64(out var generation) ? generation : 0,
            item.Clone());
    }

    /// <summary>metadata.resourceVersion of an object or a list ("" when absent).</summary>
    public static string ResourceVersion(JsonElement item) =>
        item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? Text(m, "resourceVersion") : "";

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
