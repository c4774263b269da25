using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Placement;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Kube.Nodes;

/// <summary>gRPC: picontroller.api.v1.ClusterNodes, the same operations as REST, thin over the same services.</summary>
internal sealed class ClusterNodesGrpcService(ClusterPolicyService policies, MembershipService membership, PlacementService placement) : ApiV1.ClusterNodes.ClusterNodesBase
{
    [ReadOnlyCall]
    public override Task<ApiV1.ClusterPolicy> GetClusterPolicy(ApiV1.GetClusterPolicyRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(policies.Get(request.Name)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.ClusterPolicy> UpdateClusterPolicy(ApiV1.UpdateClusterPolicyRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(policies.Update(request.Name, new UpdateClusterPolicyRequest(
            request.HasThrottleTaints ? request.ThrottleTaints : null,
            request.HasMembership ? request.Membership : null,
            request.Quotas.Count == 0 ? null : [.. request.Quotas.Select(q => new NamespaceQuota(q.Namespace, q.MemoryPercent))]))));

    [ReadOnlyCall]
    public override Task<ApiV1.ClusterMembership> GetClusterMembership(ApiV1.GetClusterMembershipRequest request, ServerCallContext context)
    {
        var view = membership.Get(request.Name);
        var message = new ApiV1.ClusterMembership
        {
            Cluster = view.Cluster, Managed = view.Managed, Synced = view.Synced, Policy = view.Policy, KubernetesNodes = view.KubernetesNodes, Detail = view.Detail,
        };
        message.Findings.AddRange(view.Findings.Select(f => new ApiV1.MembershipFinding
        {
            Kind = f.Kind, Node = f.Node, KubernetesNode = f.KubernetesNode, Detail = f.Detail, Repair = f.Repair,
        }));
        return Task.FromResult(message);
    }

    [ReadOnlyCall]
    public override Task<ApiV1.Placement> GetPlacement(ApiV1.GetPlacementRequest request, ServerCallContext context)
    {
        var view = placement.Place(request.Name, request.Needs);
        var message = new ApiV1.Placement { Cluster = view.Cluster, Affinity = view.Affinity };
        message.Needs.AddRange(view.Needs);
        message.Nodes.AddRange(view.Nodes.Select(n =>
        {
            var node = new ApiV1.PlacementNode { Name = n.Name, NodeId = n.NodeId, Fits = n.Fits };
            node.Reasons.AddRange(n.Reasons);
            return node;
        }));
        return Task.FromResult(message);
    }

    private static ApiV1.ClusterPolicy ToMessage(ClusterPolicyView view)
    {
        var message = new ApiV1.ClusterPolicy { Cluster = view.Cluster, ThrottleTaints = view.ThrottleTaints, Membership = view.Membership };
        message.Quotas.AddRange(view.Quotas.Select(q => new ApiV1.NamespaceQuota { Namespace = q.Namespace, MemoryPercent = q.MemoryPercent }));
        return message;
    }
}
