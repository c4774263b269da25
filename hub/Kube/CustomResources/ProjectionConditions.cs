using System.Text.Json;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// Conditions the projection decides itself, before or instead of the hub's reconciler: the object is invalid
/// (the hub refused it, or its node is not a hub node), its pin is claimed on the hub, it waits for the reconciler,
/// or it is being deleted. The same four types as the hub's (<see cref="ResourceCondition.Types"/>); at most one is
/// True, and a condition keeps its lastTransitionTime while its status stays.
/// </summary>
internal static class ProjectionConditions
{
    public static IReadOnlyList<ResourceCondition> Only(string? trueType, string reason, string message, JsonElement previousStatus, DateTimeOffset now) =>
        ResourceCondition.Types.Select(type =>
        {
            var status = type == trueType ? ResourceCondition.True : ResourceCondition.False;
            var (why, text) = type == trueType ? (reason, message)
                : type == ResourceCondition.Applied ? (reason, message)
                : (FalseReason(type), "");
            return new ResourceCondition(type, status, why, text, Since(previousStatus, type, status) ?? now);
        }).ToList();

    private static DateTimeOffset? Since(JsonElement status, string type, string value)
    {
        if (!status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var c in conditions.EnumerateArray())
        {
            if (c.TryGetProperty("type", out var t) && t.GetString() == type && c.TryGetProperty("status", out var s) && s.GetString() == value
                && c.TryGetProperty("lastTransitionTime", out var at) && at.TryGetDateTimeOffset(out var since))
            {
                return since;
            }
        }
        return null;
    }

    private static string FalseReason(string type) => type switch
    {
        ResourceCondition.Conflict => "NoConflict",
        ResourceCondition.NodeOffline => "NodeConnected",
        _ => "Valid",
    };
}
