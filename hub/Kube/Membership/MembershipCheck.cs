using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Membership;

/// <summary>
/// Compares the hub's cluster with the Node objects Kubernetes lists. Only nodes whose installation is done (ready)
/// are expected in Kubernetes; a node still being installed or removed is not a finding, nor is a node reached over SSH
/// (without a hub node id nothing matches it). Pure: the manager's matching
/// (node-id label, else hostname and internal IP) is passed in.
/// </summary>
internal static class MembershipCheck
{
    /// <param name="cluster">The cluster's name (for the commands the findings name).</param>
    /// <param name="members">The hub's nodes of the cluster (cluster_nodes).</param>
    /// <param name="kubernetesNodes">The names of the cluster's Node objects.</param>
    /// <param name="nodeIdOf">The hub node a Kubernetes node matches, or null.</param>
    /// <param name="kubernetesNodeOf">The Kubernetes node of a hub node, or null.</param>
    /// <param name="repairs">The cluster's policy repairs (the findings then say what the repair does).</param>
    public static IReadOnlyList<MembershipFinding> Compare(string cluster, IReadOnlyList<ClusterNodeRecord> members, IReadOnlyCollection<string> kubernetesNodes,
        Func<string, string?> nodeIdOf, Func<string, string?> kubernetesNodeOf, bool repairs)
    {
        var findings = new List<MembershipFinding>();
        var listed = kubernetesNodes.ToHashSet(StringComparer.Ordinal);
        // A node reached over SSH has no hub node id, so Kubernetes' node cannot be matched to it: it is not judged missing.
        foreach (var member in members.Where(m => m.State == ClusterStates.NodeReady && m.Target.Kind == NodeTransportKind.Agent))
        {
            var target = member.Target.ToString();
            if (kubernetesNodeOf(target) is not { } name || !listed.Contains(name))
            {
                var unit = Provisioning.Install.K3sLayout.Service(member.Role);
                findings.Add(new MembershipFinding(MembershipFinding.Missing, target, "",
                    $"{target} is a ready {ClusterNodeRecord.RoleText(member.Role)} of the cluster, but Kubernetes lists no node for it (its {unit} unit is down, or it never registered)",
                    repairs ? $"the hub restarts its {unit} unit (at most every {MembershipPart.RestartInterval.TotalMinutes:0} minutes)"
                        : $"reported only; restart it yourself, or let the hub: pi-controller cluster policy {cluster} --membership repair"));
            }
        }
        var memberTargets = members.Where(m => m.State != ClusterStates.NodeRemoving)
            .SelectMany(m => new[] { m.Target.ToString(), m.Target.Name }).ToHashSet(StringComparer.Ordinal);
        foreach (var name in kubernetesNodes.Order(StringComparer.Ordinal))
        {
            if (nodeIdOf(name) is not { } nodeId)
            {
                findings.Add(new MembershipFinding(MembershipFinding.Unmatched, "", name,
                    $"Kubernetes node {name} matches no hub node (no node-id label naming an enrolled node, and no single enrolled node with its hostname or internal IP; a node the hub installed over SSH is matched once its agent is enrolled)",
                    "reported only, never deleted: enroll its agent so the hub can match it, or remove it with kubectl delete node " + name));
            }
            else if (!memberTargets.Contains(nodeId))
            {
                findings.Add(new MembershipFinding(MembershipFinding.Left, nodeId, name,
                    $"Kubernetes node {name} is hub node {nodeId}, which is no longer in the cluster",
                    repairs ? "the hub deletes the Node object" : $"reported only; delete it with kubectl delete node {name}, or let the hub: pi-controller cluster policy {cluster} --membership repair"));
            }
        }
        return findings;
    }
}
