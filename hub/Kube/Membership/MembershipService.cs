using PiController.Hub.Api;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Kube.Membership;

/// <summary>A cluster's membership now, for REST and gRPC alike: compared on each call from the controller's cache, so it never lags the part.</summary>
internal sealed class MembershipService(ClusterStore clusters, ClusterPolicyStore policies, IClusterManager manager)
{
    public MembershipView Get(string name)
    {
        _ = clusters.Get(name) ?? throw new HubException(HubErrorKind.NotFound, $"there is no cluster {name}; pi-controller cluster ls lists them");
        var policy = policies.Get(name);
        if (manager.Find(name) is not { } cluster)
        {
            return new MembershipView(name, false, false, policy.Membership, 0, [],
                $"the hub does not manage the Kubernetes API of {name} (it has no kubeconfig of it yet: its plan has not finished); nothing compared");
        }
        if (!cluster.Synced)
        {
            return new MembershipView(name, true, false, policy.Membership, 0, [], "the hub has not listed the cluster's nodes yet (its API may be unreachable); ask again in a moment");
        }
        var findings = MembershipPart.Compare(clusters, cluster, policy.Repairs);
        return new MembershipView(name, true, true, policy.Membership, cluster.Cache(KubeKind.Nodes).List().Count, findings, MembershipPart.Describe(findings));
    }
}
