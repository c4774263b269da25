namespace PiController.Hub.Kube.Placement;

/// <summary>Where a workload with these needs can run in a cluster, and the node affinity that puts it there.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Needs">The terms, as given.</param>
/// <param name="Nodes">Every Kubernetes node of the cluster: those that fit first, then the others with their reasons.</param>
/// <param name="Affinity">YAML for spec.template.spec of a Deployment.</param>
internal sealed record PlacementView(string Cluster, IReadOnlyList<string> Needs, IReadOnlyList<PlacementNodeView> Nodes, string Affinity);

/// <summary>One node of a placement: whether it can serve the needs, and if not, why.</summary>
/// <param name="Name">The Kubernetes node name.</param>
/// <param name="NodeId">The hub node it matches; empty when none.</param>
/// <param name="Fits">It can serve every need.</param>
/// <param name="Reasons">Why it cannot (empty when it fits).</param>
internal sealed record PlacementNodeView(string Name, string NodeId, bool Fits, IReadOnlyList<string> Reasons);
