namespace PiController.Hub.Events;

/// <summary>
/// Which events a client wants: any of <see cref="Types"/> (all when empty; "node.*" matches every type under
/// "node.") about any of <see cref="Nodes"/> (all when empty; an event with no node passes only an empty node
/// filter), and when <see cref="Resource"/> is set, about that resource only.
/// </summary>
internal sealed record EventFilter(IReadOnlySet<string> Types, IReadOnlySet<string> Nodes)
{
    public EventResource? Resource { get; init; }

    public static EventFilter All { get; } = new(new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    // The bus matches every event against every subscriber's filter under its fan-out lock: no allocation there.
    private readonly string[] _prefixes = [.. Types.Where(IsPattern).Select(t => t[..^1])];

    /// <summary>"node.*": every type that starts with "node.".</summary>
    public static bool IsPattern(string type) => type.EndsWith(".*", StringComparison.Ordinal);

    /// <summary>The type patterns without their "*" ("node."), for matching by prefix.</summary>
    public IReadOnlyList<string> Prefixes => _prefixes;

    public bool Matches(HubEvent e) =>
        MatchesType(e.Type) && (Nodes.Count == 0 || (e.NodeId is { } node && Nodes.Contains(node))) && (Resource is null || Resource.Matches(e));

    private bool MatchesType(string type)
    {
        if (Types.Count == 0 || Types.Contains(type))
        {
            return true;
        }
        foreach (var prefix in _prefixes)
        {
            if (type.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
