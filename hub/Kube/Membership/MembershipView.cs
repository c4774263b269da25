namespace PiController.Hub.Kube.Membership;

/// <summary>
/// A cluster's membership as the API shows it (<c>cluster get</c>): whether the hub manages it now, whether the
/// controller has listed its nodes yet, the policy, and the differences found.
/// </summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Managed">The hub runs a controller for the cluster (it has its kubeconfig).</param>
/// <param name="Synced">The controller has listed the cluster's nodes (before that, nothing is compared).</param>
/// <param name="Policy">report or repair.</param>
/// <param name="KubernetesNodes">How many Node objects Kubernetes lists.</param>
/// <param name="Findings">The differences; empty when the cluster is in step.</param>
/// <param name="Detail">A sentence: in step, the differences, or why nothing was compared.</param>
internal sealed record MembershipView(string Cluster, bool Managed, bool Synced, string Policy, int KubernetesNodes, IReadOnlyList<MembershipFinding> Findings, string Detail);
