namespace PiController.Hub.Kube.Policy;

/// <summary>
/// What the hub does in a managed cluster beyond labelling its nodes, as the operator chose it (<c>pi-controller
/// cluster policy</c>); stored per cluster (migration 15), the defaults when never set.
/// </summary>
/// <param name="ThrottleTaints">Taint a node NoSchedule while its firmware reports under-voltage or thermal throttling.</param>
/// <param name="Membership"><see cref="MembershipPolicy.Report"/> (default) or <see cref="MembershipPolicy.Repair"/>.</param>
/// <param name="Quotas">Per-namespace ResourceQuota and LimitRange, each a share of the cluster's allocatable memory.</param>
internal sealed record ClusterPolicy(bool ThrottleTaints, string Membership, IReadOnlyList<NamespaceQuota> Quotas)
{
    public static ClusterPolicy Default { get; } = new(false, MembershipPolicy.Report, []);

    public bool Repairs => Membership == MembershipPolicy.Repair;
}

/// <summary>A namespace's share of the cluster's allocatable memory, in percent (1-100).</summary>
internal sealed record NamespaceQuota(string Namespace, int MemoryPercent);

/// <summary>What the membership part does with a difference between the hub's cluster and Kubernetes.</summary>
internal static class MembershipPolicy
{
    /// <summary>Report it (an event, and in <c>cluster get</c>); change nothing.</summary>
    public const string Report = "report";

    /// <summary>Report it and repair it: restart a missing node's K3s unit, delete the Node object of a node that left the cluster.</summary>
    public const string Repair = "repair";

    public static IReadOnlyList<string> All { get; } = [Report, Repair];
}
