using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Patching;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// Server-side apply (application/apply-patch+yaml, fieldManager required): the applied configuration's fields
/// become the manager's (operation Apply); fields it applied before and leaves out now are removed unless another
/// manager owns them; a field another manager owns with a different value is a 409 conflict unless force=true
/// takes it. Lists are applied whole (atomic). An object that does not exist is created.
/// </summary>
internal static class ServerSideApply
{
    public static (JsonObject Result, bool Created) Apply(ApiRequest r, JsonObject applied)
    {
        var manager = r.Query("fieldManager");
        if (string.IsNullOrEmpty(manager))
        {
            throw new ApiStatusException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }
        if (applied["apiVersion"] is null || applied["kind"] is null)
        {
            throw ApiStatusException.BadRequest("an apply patch names its apiVersion and kind");
        }
        ObjectWrites.CheckIdentity(r, applied);
        var fields = FieldPaths.Leaves(applied, r.Subresource, r.Kind.HasStatus);
        var now = Meta.Timestamp(r.Store.Time.GetUtcNow());
        for (var attempt = 1; ; attempt++)
        {
            JsonObject old;
            try
            {
                old = r.Store.Read(r.Kind, r.Namespace, r.Name!);
            }
            catch (ApiStatusException missing) when (missing.Code == 404 && r.Subresource is null)
            {
                var created = applied.DeepClone().AsObject();
                Strategy.PrepareForCreate(r.Kind, created);
                created = Validation.Check(r, created);
                ManagedFields.Write(created, [new ManagedFieldsEntry(manager, "Apply", r.ApiVersion, now, null, fields)], created);
                return (r.Store.Create(r.Kind, created, r.DryRun), true);
            }
            var merged = Merge(r, old, applied, manager, fields, now);
            Meta.Of(merged)["resourceVersion"] = Meta.Text(old, "resourceVersion");
            var result = Validation.Check(r, Strategy.PrepareForUpdate(r.Kind, old, merged, r.Subresource));
            Meta.Of(result)["managedFields"] = merged["metadata"]!["managedFields"]?.DeepClone();
            try
            {
                return (r.Store.Replace(r.Kind, result, r.DryRun), false);
            }
            catch (ApiStatusException conflict) when (conflict.Code == 409 && conflict.Reason == "Conflict" && attempt < 8)
            {
                // Written in between: apply again to what is there now.
            }
        }
    }

    private static JsonObject Merge(ApiRequest r, JsonObject old, JsonObject applied, string manager, HashSet<string> fields, string now)
    {
        var entries = ManagedFields.Read(old);
        var mine = entries.FirstOrDefault(e => e.SameOwner(manager, "Apply", r.Subresource));
        var others = entries.Where(e => e != mine && !(e.Manager == manager && e.Subresource == r.Subresource)).ToList();
        var conflicts = (from path in fields
                         from other in others
                         where other.Fields.Contains(path) && !JsonNode.DeepEquals(FieldPaths.Get(old, path), FieldPaths.Get(applied, path))
                         select (other.Manager, Path: path)).ToList();
        if (conflicts.Count > 0 && !r.Flag("force"))
        {
            var causes = new JsonArray(conflicts.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{c.Manager}\"",
                ["field"] = FieldPaths.Display(c.Path),
            }).ToArray());
            var list = string.Join("\n", conflicts.Select(c => $"- conflict with \"{c.Manager}\": {FieldPaths.Display(c.Path)}"));
            throw new ApiStatusException(409, "Conflict",
                $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}:\n{list}\nApply again with force=true (kubectl apply --server-side --force-conflicts) to take these fields",
                new JsonObject { ["name"] = r.Name, ["group"] = r.Kind.Group, ["kind"] = r.Kind.Plural, ["causes"] = causes });
        }
        foreach (var other in others)
        {
            other.Fields.ExceptWith(conflicts.Select(c => c.Path));
        }
        var result = old.DeepClone().AsObject();
        foreach (var dropped in (mine?.Fields ?? []).Except(fields).Where(p => !others.Any(o => o.Fields.Contains(p))))
        {
            FieldPaths.Remove(result, dropped);
        }
        foreach (var path in fields)
        {
            FieldPaths.Set(result, path, FieldPaths.Get(applied, path)?.DeepClone());
        }
        var updated = new ManagedFieldsEntry(manager, "Apply", r.ApiVersion, now, r.Subresource, fields);
        ManagedFields.Write(result, [.. entries.Where(e => e != mine), updated], result);
        return result;
    }
}
