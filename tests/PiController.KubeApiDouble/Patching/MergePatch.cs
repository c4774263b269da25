using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Patching;

/// <summary>JSON merge patch (RFC 7386, application/merge-patch+json): objects merge, null removes, anything else replaces.</summary>
internal static class MergePatch
{
    /// <summary>The patched document; <paramref name="target"/> must be a node of no parent, and may be changed.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject changes)
        {
            return patch?.DeepClone();
        }
        var result = target as JsonObject ?? [];
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var existing = result[key];
            result.Remove(key);
            result[key] = Apply(existing, value);
        }
        return result;
    }
}
