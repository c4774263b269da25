namespace PiController.Hub.Kube.Manager;

/// <summary>What a Kubernetes node shows of itself for matching: the node-id label, its hostname and its InternalIP addresses.</summary>
internal sealed record KubeNodeFacts(string Name, string? NodeIdLabel, string? Hostname, IReadOnlyList<string> InternalIps);

/// <summary>What the hub knows of one of its nodes for matching: its id, hostname and the address its agent connects from.</summary>
internal sealed record HubNodeFacts(string NodeId, string Hostname, string? Address);

/// <summary>How a Kubernetes node matched a hub node.</summary>
internal static class NodeMatchOutcome
{
    public const string Matched = "matched";
    public const string Unmatched = "unmatched";
    public const string Ambiguous = "ambiguous";
}

/// <summary>One Kubernetes node and the hub node it matched (or not), by what, and why not.</summary>
/// <param name="KubernetesNode">The Kubernetes node's name.</param>
/// <param name="Outcome">matched, unmatched or ambiguous (<see cref="NodeMatchOutcome"/>).</param>
/// <param name="NodeId">The hub node it is, when matched.</param>
/// <param name="By">What matched: label, hostname, address, or hostname and address; empty when not matched.</param>
/// <param name="Reason">For unmatched and ambiguous: why, and what to do about it.</param>
internal sealed record NodeMatch(string KubernetesNode, string Outcome, string? NodeId, string By, string Reason);
