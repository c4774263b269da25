using PiController.Hub.Events;

namespace PiController.Hub.Kube.Membership;

/// <summary>Publishes cluster.membership: the differences between a cluster and Kubernetes changed, or the hub repaired one.</summary>
internal sealed class MembershipEvents(EventBus bus)
{
    public void Changed(string cluster, IReadOnlyList<MembershipFinding> findings, string detail) =>
        bus.Publish(EventTypes.ClusterMembership, null, new ClusterMembershipPayload(cluster, findings, detail), MembershipJsonContext.Default.ClusterMembershipPayload);

    public void Repaired(string cluster, MembershipFinding finding, string detail) =>
        bus.Publish(EventTypes.ClusterMembership, finding.Node.Length > 0 && !finding.Node.StartsWith(Provisioning.Transport.NodeTarget.SshPrefix, StringComparison.Ordinal) ? finding.Node : null,
            new ClusterMembershipPayload(cluster, [finding], detail), MembershipJsonContext.Default.ClusterMembershipPayload);
}

/// <summary>cluster.membership: the cluster, its findings now (empty: in step) and a sentence for people.</summary>
internal sealed record ClusterMembershipPayload(string Cluster, IReadOnlyList<MembershipFinding> Findings, string Detail);
