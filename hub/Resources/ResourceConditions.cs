namespace PiController.Hub.Resources;

/// <summary>
/// The next status of a resource after the reconciler looked at it. Exactly one of Applied, Conflict,
/// NodeOffline and Invalid is True. A condition keeps its lastTransitionTime while its status stays the same.
/// While the node is offline, Conflict and Invalid keep what was last known and observedGeneration stays at the
/// generation last seen by the agent.
/// </summary>
internal static class ResourceConditions
{
    public static ResourceStatus Next(ResourceRecord record, DateTimeOffset now, string type, string reason, string message, ObservedState? observed)
    {
        var previous = record.Status;
        var offline = type == ResourceCondition.NodeOffline;
        var conditions = new List<ResourceCondition>();
        foreach (var t in ResourceCondition.Types)
        {
            var old = previous.Condition(t);
            if (offline && t is ResourceCondition.Conflict or ResourceCondition.Invalid && old is not null)
            {
                conditions.Add(old);
                continue;
            }
            var (status, why, text) = t == type
                ? (ResourceCondition.True, reason, message)
                : (ResourceCondition.False, FalseReason(t, type), t == ResourceCondition.Applied ? message : "");
            var since = old is not null && old.Status == status ? old.LastTransitionTime : now;
            conditions.Add(new ResourceCondition(t, status, why, text, since));
        }
        return new ResourceStatus(
            record.NodeId,
            observed ?? previous.Observed,
            conditions,
            now,
            offline ? previous.ObservedGeneration : record.Generation);
    }

    /// <summary>True when <paramref name="next"/> says nothing that <paramref name="previous"/> did not (times aside).</summary>
    public static bool Same(ResourceStatus previous, ResourceStatus next) =>
        previous.Node == next.Node
        && previous.ObservedGeneration == next.ObservedGeneration
        && Equals(previous.Observed, next.Observed)
        && previous.Conditions.Count == next.Conditions.Count
        && previous.Conditions.Zip(next.Conditions).All(p => p.First.Type == p.Second.Type && p.First.Status == p.Second.Status
            && p.First.Reason == p.Second.Reason && p.First.Message == p.Second.Message);

    private static string FalseReason(string condition, string trueType) => condition switch
    {
        ResourceCondition.Applied => trueType,
        ResourceCondition.Conflict => "NoConflict",
        ResourceCondition.NodeOffline => "NodeConnected",
        _ => "Valid",
    };
}
