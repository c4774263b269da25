using PiController.Hub.Api;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Kube.Quotas;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Kube.Nodes;

/// <summary>
/// Reads and changes a cluster's policy, for REST and gRPC alike. A change is checked whole before it is stored
/// (<see cref="ClusterPolicyRules"/>), then every part it concerns is queued, so taints, repairs and quotas follow at once.
/// </summary>
internal sealed class ClusterPolicyService(ClusterStore clusters, ClusterPolicyStore policies, IClusterManager manager)
{
    public ClusterPolicyView Get(string name)
    {
        Exists(name);
        return View(name, policies.Get(name));
    }

    public ClusterPolicyView Update(string name, UpdateClusterPolicyRequest change)
    {
        Exists(name);
        var policy = ClusterPolicyRules.Apply(policies.Get(name), change);
        policies.Set(name, policy);
        manager.Enqueue(name, NodeLabelsPart.PartName, NodeLabelsPart.AllNodes);
        manager.Enqueue(name, MembershipPart.PartName, MembershipPart.ClusterKey);
        manager.Enqueue(name, QuotaPart.PartName, QuotaPart.ClusterKey);
        return View(name, policy);
    }

    private void Exists(string name) =>
        _ = clusters.Get(name) ?? throw new HubException(HubErrorKind.NotFound, $"there is no cluster {name}; pi-controller cluster ls lists them");

    private static ClusterPolicyView View(string name, ClusterPolicy policy) => new(name, policy.ThrottleTaints, policy.Membership, policy.Quotas);
}
