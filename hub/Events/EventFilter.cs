namespace PiController.Hub.Events;

/// <summary>
/// Which events a client wants: any of <see cref="Types"/> (all when empty; "node.*" matches every type under
/// "node.") about any of <see cref="Nodes"/> (all when empty; an event with no node passes only an empty node
/// filter).
/// </summary>
internal sealed record EventFilter(IReadOnlySet<string> Types, IReadOnlySet<string> Nodes)
{
    public static EventFilter All { get; } = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    public bool Matches(HubEvent e) =>
        (Types.Count == 0 || Types.Contains(e.Type) || Types.Any(t => t.EndsWith(".*", StringComparison.Ordinal) && e.Type.StartsWith(t[..^1], StringComparison.Ordinal)))
        && (Nodes.Count == 0 || (e.NodeId is { } node && Nodes.Contains(node)));
}
