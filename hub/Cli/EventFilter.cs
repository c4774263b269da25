namespace PiController.Hub.Cli;

/// <summary>Which events to show: these types (node.* matches every node event) and these nodes; empty means all.</summary>
internal sealed record EventFilter(IReadOnlyList<string> Types, IReadOnlyList<string> Nodes)
{
    public static readonly EventFilter None = new([], []);
}
