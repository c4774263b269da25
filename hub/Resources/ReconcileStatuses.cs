namespace PiController.Hub.Resources;

/// <summary>The statuses of one node's resources during one reconcile pass; only those that changed are saved.</summary>
internal sealed class ReconcileStatuses(IReadOnlyList<ResourceRecord> records, DateTimeOffset now)
{
    private readonly Dictionary<(ResourceKind, string), ResourceStatus> _next = [];

    public IReadOnlyCollection<(ResourceKind Kind, string Name, ResourceStatus Status)> Changed =>
        records.Where(r => _next.TryGetValue((r.Kind, r.Name), out var next) && !ResourceConditions.Same(r.Status, next))
            .Select(r => (r.Kind, r.Name, _next[(r.Kind, r.Name)]))
            .ToList();

    public void Set(ResourceKind kind, string name, string type, string reason, string message, ObservedState? observed)
    {
        if (records.FirstOrDefault(r => r.Kind == kind && r.Name == name) is { } record)
        {
            _next[(kind, name)] = ResourceConditions.Next(record, now, type, reason, message, observed);
        }
    }

    /// <summary>Whether the resource's stored status already says <paramref name="type"/> with this message.</summary>
    public bool Already(ResourceKind kind, string name, string type, string message) =>
        records.FirstOrDefault(r => r.Kind == kind && r.Name == name)?.Status.Condition(type) is { Status: ResourceCondition.True } c && c.Message == message;

    public void AllOffline(string message)
    {
        foreach (var record in records)
        {
            Set(record.Kind, record.Name, ResourceCondition.NodeOffline, "AgentNotConnected", message, null);
        }
    }
}
