namespace PiController.Hub.Kube.Membership;

/// <summary>
/// One difference between the hub's cluster and Kubernetes. <see cref="Kind"/>: <see cref="Missing"/> (a ready node
/// of the hub's cluster that Kubernetes does not list), <see cref="Left"/> (a Kubernetes node whose hub node is no
/// longer in the cluster) or <see cref="Unmatched"/> (a Kubernetes node no hub node matches).
/// </summary>
/// <param name="Kind">missing, left or unmatched.</param>
/// <param name="Node">The hub's node (a node id or ssh:NAME); empty for an unmatched node.</param>
/// <param name="KubernetesNode">The Node object's name; empty for a missing node.</param>
/// <param name="Detail">What is wrong, in a sentence.</param>
/// <param name="Repair">What the repair policy does about it (or that it is only reported), in a sentence.</param>
internal sealed record MembershipFinding(string Kind, string Node, string KubernetesNode, string Detail, string Repair)
{
    public const string Missing = "missing";
    public const string Left = "left";
    public const string Unmatched = "unmatched";
}
