using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Patching;

/// <summary>
/// Strategic merge patch (application/strategic-merge-patch+json) for the built-in kinds, as kubectl sends it:
/// a merge patch whose lists merge by their patchMergeKey (containers by name, conditions by type, taints by key...),
/// whose primitive merge lists (finalizers) take the union, and which honours $patch (replace, delete, merge),
/// $deleteFromPrimitiveList/FIELD and $setElementOrder/FIELD (order only: ignored) and $retainKeys.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["ports"] = "containerPort",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["taints"] = "key",
        ["imagePullSecrets"] = "name",
        ["ownerReferences"] = "uid",
        ["addresses"] = "type",
        ["hostAliases"] = "ip",
        ["resourceClaims"] = "name",
    };

    private static readonly HashSet<string> PrimitiveMergeLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject changes)
        {
            return patch?.DeepClone();
        }
        if (changes["$patch"]?.ToString() == "replace")
        {
            var replacement = changes.DeepClone().AsObject();
            replacement.Remove("$patch");
            return replacement;
        }
        var result = target as JsonObject ?? [];
        if (changes["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.ToString()).ToHashSet();
            foreach (var key in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }
        foreach (var (key, value) in changes)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
            {
                continue;
            }
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list)
                {
                    foreach (var gone in list.Where(i => (value as JsonArray ?? []).Any(v => JsonNode.DeepEquals(v, i))).ToList())
                    {
                        list.Remove(gone);
                    }
                }
                continue;
            }
            var existing = result[key];
            result.Remove(key);
            if (value is null)
            {
                continue;
            }
            result[key] = value switch
            {
                JsonArray items when MergeKeys.TryGetValue(key, out var mergeKey) && existing is JsonArray current => MergeList(current, items, mergeKey),
                JsonArray items when PrimitiveMergeLists.Contains(key) && existing is JsonArray current => Union(current, items),
                _ => Apply(existing, value),
            };
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray current, JsonArray patch, string mergeKey)
    {
        var items = current.Select(i => i?.DeepClone()).ToList();
        foreach (var change in patch)
        {
            var key = change?[mergeKey]?.ToJsonString();
            var at = items.FindIndex(i => i?[mergeKey]?.ToJsonString() == key);
            var directive = change?["$patch"]?.ToString();
            if (directive == "delete")
            {
                if (at >= 0)
                {
                    items.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                items[at] = Apply(items[at], change);
            }
            else
            {
                var added = change?.DeepClone();
                (added as JsonObject)?.Remove("$patch");
                items.Add(added);
            }
        }
        return new JsonArray(items.ToArray());
    }

    private static JsonArray Union(JsonArray current, JsonArray patch)
    {
        var items = current.Select(i => i?.DeepClone()).ToList();
        items.AddRange(patch.Where(p => !items.Any(i => JsonNode.DeepEquals(i, p))).Select(p => p?.DeepClone()));
        return new JsonArray(items.ToArray());
    }
}
