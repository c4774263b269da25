using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// The rules of the registry strategies the double keeps: status is the status subresource's alone (a write to
/// the main resource keeps the old status, a write to /status changes nothing but status), a new custom resource
/// starts without status, a new Pod starts Pending, and a PodDisruptionBudget's status is computed, never written.
/// </summary>
internal static class Strategy
{
    public static void PrepareForCreate(ResourceKind kind, JsonObject obj)
    {
        if (kind.IsCustom && kind.HasStatus || kind == BuiltInKinds.PodDisruptionBudgets)
        {
            obj.Remove("status");
        }
        else if (kind == BuiltInKinds.Pods)
        {
            obj["status"] = new JsonObject { ["phase"] = "Pending" };
        }
    }

    /// <summary>The object to store for a write of <paramref name="proposed"/> over <paramref name="old"/> at the main resource or /status.</summary>
    public static JsonObject PrepareForUpdate(ResourceKind kind, JsonObject old, JsonObject proposed, string? subresource)
    {
        if (subresource == "status")
        {
            var result = old.DeepClone().AsObject();
            result.Remove("status");
            if (proposed["status"] is { } status)
            {
                result["status"] = status.DeepClone();
            }
            Meta.Of(result).Remove("resourceVersion");
            if (Meta.Text(proposed, "resourceVersion") is { } expected)
            {
                Meta.Of(result)["resourceVersion"] = expected;
            }
            if (proposed["metadata"]?["managedFields"] is { } fields)
            {
                Meta.Of(result)["managedFields"] = fields.DeepClone();
            }
            return result;
        }
        var updated = proposed.DeepClone().AsObject();
        if (kind.HasStatus)
        {
            updated.Remove("status");
            if (old["status"] is { } kept)
            {
                updated["status"] = kept.DeepClone();
            }
        }
        if (updated["metadata"]?["managedFields"] is null && old["metadata"]?["managedFields"] is { } managed)
        {
            Meta.Of(updated)["managedFields"] = managed.DeepClone();
        }
        return updated;
    }
}
