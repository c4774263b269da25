using System.Text;
using System.Text.Json;
using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Kube.Nodes;

/// <summary>
/// The merge patch that brings a Node's labels and taints under <see cref="HardwareLabels.Prefix"/> to the desired
/// state, or null when they are there already (so an unchanged node costs no request). Labels are patched one key at
/// a time (null removes one), so others' labels are never part of the patch. Taints are a list, which a merge patch
/// replaces whole: the patch carries the node's other taints as they are, the hub's as desired, and the node's
/// resourceVersion, so a taint someone else added meanwhile makes it fail with 409 instead of being lost.
/// </summary>
internal static class NodeLabelPatch
{
    public static string? Compute(JsonElement node, NodeLabelState desired)
    {
        var current = Labels(node);
        var set = desired.Labels.Where(l => !current.TryGetValue(l.Key, out var value) || value != l.Value).ToList();
        var removed = desired.Complete
            ? current.Keys.Where(k => IsOurs(k) && !desired.Labels.ContainsKey(k) && k != NodeHardwareLabels.NodeIdLabel).ToList()
            : [];
        var taints = Taints(node);
        var ours = taints.Where(t => t.Ours is not null).Select(t => t.Ours!).ToHashSet();
        var wanted = desired.Complete ? desired.Taints.ToHashSet() : ours.Union(desired.Taints).ToHashSet();
        var taintsChange = !ours.SetEquals(wanted);
        if (set.Count == 0 && removed.Count == 0 && !taintsChange)
        {
            return null;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata");
            if (taintsChange && node.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("resourceVersion", out var version))
            {
                writer.WriteString("resourceVersion", version.GetString());
            }
            if (set.Count > 0 || removed.Count > 0)
            {
                writer.WriteStartObject("labels");
                foreach (var (key, value) in set)
                {
                    writer.WriteString(key, value);
                }
                foreach (var key in removed)
                {
                    writer.WriteNull(key);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            if (taintsChange)
            {
                writer.WriteStartObject("spec");
                writer.WriteStartArray("taints");
                foreach (var taint in taints.Where(t => t.Ours is null || wanted.Contains(t.Ours)))
                {
                    taint.Json.WriteTo(writer);
                }
                foreach (var taint in wanted.Where(w => !ours.Contains(w)).OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", taint.Key);
                    writer.WriteString("value", taint.Value);
                    writer.WriteString("effect", taint.Effect);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static bool IsOurs(string key) => key.StartsWith(HardwareLabels.Prefix, StringComparison.Ordinal);

    /// <summary>The node's labels (metadata.labels), empty when it has none.</summary>
    public static Dictionary<string, string> Labels(JsonElement node)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("labels", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in map.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
            }
        }
        return labels;
    }

    /// <summary>The node's taints (spec.taints) as they are, each with its reading when it is one of the hub's.</summary>
    public static List<(JsonElement Json, NodeTaint? Ours)> Taints(JsonElement node)
    {
        var taints = new List<(JsonElement, NodeTaint?)>();
        if (node.TryGetProperty("spec", out var spec) && spec.TryGetProperty("taints", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var taint in list.EnumerateArray())
            {
                var key = Text(taint, "key");
                taints.Add((taint, IsOurs(key) ? new NodeTaint(key, Text(taint, "value"), Text(taint, "effect")) : null));
            }
        }
        return taints;
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
