namespace PiController.Hub.Kube.Policy;

/// <summary>A cluster's policy as the API shows it.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="ThrottleTaints">Nodes are tainted NoSchedule while under-voltage or thermal throttling is reported.</param>
/// <param name="Membership">report or repair.</param>
/// <param name="Quotas">The namespaces' memory shares.</param>
internal sealed record ClusterPolicyView(string Cluster, bool ThrottleTaints, string Membership, IReadOnlyList<NamespaceQuota> Quotas);

/// <summary>
/// A change of a cluster's policy: a null field stays as it is. <paramref name="Quotas"/> sets each namespace's share;
/// a share of 0 removes that namespace's quota (and the hub deletes the objects it made there).
/// </summary>
/// <param name="ThrottleTaints">Taint nodes while throttled, or stop (the hub then removes its taints).</param>
/// <param name="Membership">report or repair.</param>
/// <param name="Quotas">Namespace shares to set (0 removes).</param>
internal sealed record UpdateClusterPolicyRequest(bool? ThrottleTaints = null, string? Membership = null, IReadOnlyList<NamespaceQuota>? Quotas = null);
