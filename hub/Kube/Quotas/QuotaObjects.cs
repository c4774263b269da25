using System.Text;
using System.Text.Json;

namespace PiController.Hub.Kube.Quotas;

/// <summary>
/// The ResourceQuota and LimitRange the hub keeps in a namespace, as JSON to create or replace them, and whether an
/// object as the cluster holds it is exactly that (quantities compared by value; any other field in its spec, or the
/// managed-by label gone, is drift the hub overwrites). Pure.
/// </summary>
internal static class QuotaObjects
{
    public static string ResourceQuota(string ns, QuotaSize size, string? resourceVersion) => Write("ResourceQuota", ns, resourceVersion, writer =>
    {
        writer.WriteStartObject("hard");
        writer.WriteString("limits.memory", MemoryQuantity.Format(size.Share));
        writer.WriteString("requests.memory", MemoryQuantity.Format(size.Share));
        writer.WriteEndObject();
    });

    public static string LimitRange(string ns, QuotaSize size, string? resourceVersion) => Write("LimitRange", ns, resourceVersion, writer =>
    {
        writer.WriteStartArray("limits");
        writer.WriteStartObject();
        writer.WriteString("type", "Container");
        Memory(writer, "default", size.DefaultLimit);
        Memory(writer, "defaultRequest", size.DefaultRequest);
        Memory(writer, "max", size.Max);
        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    public static bool ResourceQuotaMatches(JsonElement existing, QuotaSize size) =>
        Managed(existing) && existing.TryGetProperty("spec", out var spec) && Only(spec, "hard")
        && spec.TryGetProperty("hard", out var hard) && Memories(hard, ("limits.memory", size.Share), ("requests.memory", size.Share));

    public static bool LimitRangeMatches(JsonElement existing, QuotaSize size) =>
        Managed(existing) && existing.TryGetProperty("spec", out var spec) && Only(spec, "limits")
        && spec.TryGetProperty("limits", out var limits) && limits.ValueKind == JsonValueKind.Array && limits.GetArrayLength() == 1
        && limits[0] is var limit && limit.TryGetProperty("type", out var type) && type.GetString() == "Container"
        && Only(limit, "type", "default", "defaultRequest", "max")
        && Memory(limit, "default", size.DefaultLimit) && Memory(limit, "defaultRequest", size.DefaultRequest) && Memory(limit, "max", size.Max);

    /// <summary>The object carries the hub's managed-by label (the hub deletes only such objects).</summary>
    public static bool Managed(JsonElement existing) =>
        existing.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
        && labels.TryGetProperty(QuotaKinds.ManagedByLabel, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() == QuotaKinds.ManagedBy;

    private static bool Memory(JsonElement limit, string name, long bytes) =>
        limit.TryGetProperty(name, out var map) && Memories(map, ("memory", bytes));

    private static bool Memories(JsonElement map, params (string Key, long Bytes)[] wanted) =>
        map.ValueKind == JsonValueKind.Object && map.EnumerateObject().Count() == wanted.Length
        && wanted.All(w => map.TryGetProperty(w.Key, out var value) && value.ValueKind == JsonValueKind.String && MemoryQuantity.Parse(value.GetString()) == w.Bytes);

    private static bool Only(JsonElement element, params string[] names) =>
        element.ValueKind == JsonValueKind.Object && element.EnumerateObject().All(p => names.Contains(p.Name));

    private static void Memory(Utf8JsonWriter writer, string name, long bytes)
    {
        writer.WriteStartObject(name);
        writer.WriteString("memory", MemoryQuantity.Format(bytes));
        writer.WriteEndObject();
    }

    private static string Write(string kind, string ns, string? resourceVersion, Action<Utf8JsonWriter> spec)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "v1");
            writer.WriteString("kind", kind);
            writer.WriteStartObject("metadata");
            writer.WriteString("name", QuotaKinds.ObjectName);
            writer.WriteString("namespace", ns);
            if (resourceVersion is not null)
            {
                writer.WriteString("resourceVersion", resourceVersion);
            }
            writer.WriteStartObject("labels");
            writer.WriteString(QuotaKinds.ManagedByLabel, QuotaKinds.ManagedBy);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("spec");
            spec(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
