using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Patching;

/// <summary>
/// metadata.managedFields kept as the API server keeps them for ordinary writes: the fields a create, update or
/// patch changed become its manager's (operation Update), taken from whoever had them; fields gone from the object
/// leave every set; a manager left with nothing is dropped.
/// </summary>
internal static class ManagedFields
{
    public static List<ManagedFieldsEntry> Read(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray ?? []).Select(ManagedFieldsEntry.From).ToList();

    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries, JsonObject result)
    {
        var present = FieldPaths.Leaves(result, null, false).Concat(FieldPaths.Leaves(result, "status", false)).ToHashSet(StringComparer.Ordinal);
        var kept = new JsonArray();
        foreach (var entry in entries)
        {
            entry.Fields.RemoveWhere(p => !present.Contains(p) && !present.Any(l => l.StartsWith(p + FieldPaths.Separator, StringComparison.Ordinal)));
            if (entry.Fields.Count > 0)
            {
                kept.Add((JsonNode)entry.ToJson());
            }
        }
        if (kept.Count > 0)
        {
            Meta.Of(obj)["managedFields"] = kept;
        }
        else
        {
            Meta.Of(obj).Remove("managedFields");
        }
    }

    /// <param name="result">the object about to be stored: its managedFields are rewritten.</param>
    /// <param name="old">the object before, or null for a create.</param>
    /// <param name="manager">the writer.</param>
    /// <param name="apiVersion">the version written at.</param>
    /// <param name="now">when.</param>
    /// <param name="subresource">status for a write to /status.</param>
    public static void RecordUpdate(JsonObject result, JsonObject? old, string manager, string apiVersion, DateTimeOffset now, string? subresource)
    {
        var changed = FieldPaths.Leaves(result, subresource, hasStatus: false)
            .Where(p => old is null || !JsonNode.DeepEquals(FieldPaths.Get(old, p), FieldPaths.Get(result, p)))
            .ToHashSet(StringComparer.Ordinal);
        var entries = old is null ? [] : Read(old);
        if (changed.Count == 0)
        {
            Write(result, entries, result);
            return;
        }
        foreach (var entry in entries)
        {
            entry.Fields.ExceptWith(changed);
        }
        var mine = entries.FirstOrDefault(e => e.SameOwner(manager, "Update", subresource));
        if (mine is null)
        {
            mine = new ManagedFieldsEntry(manager, "Update", apiVersion, Meta.Timestamp(now), subresource, []);
            entries.Add(mine);
        }
        mine.Fields.UnionWith(changed);
        var updated = mine with { Time = Meta.Timestamp(now), ApiVersion = apiVersion };
        entries[entries.IndexOf(mine)] = updated;
        Write(result, entries, result);
    }
}
