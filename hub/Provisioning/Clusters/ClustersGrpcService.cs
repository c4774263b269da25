using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>gRPC: picontroller.api.v1.Clusters, the same operations as REST, thin over <see cref="ClusterService"/>.</summary>
internal sealed class ClustersGrpcService(ClusterService clusters) : ApiV1.Clusters.ClustersBase
{
    [ReadOnlyCall]
    public override Task<ApiV1.ListClustersResponse> ListClusters(ApiV1.ListClustersRequest request, ServerCallContext context)
    {
        var response = new ApiV1.ListClustersResponse();
        response.Clusters.AddRange(clusters.List().Select(ToMessage));
        return Task.FromResult(response);
    }

    [ReadOnlyCall]
    public override Task<ApiV1.Cluster> GetCluster(ApiV1.GetClusterRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(clusters.Get(request.Name)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override async Task<ApiV1.CreateClusterResponse> CreateCluster(ApiV1.CreateClusterRequest request, ServerCallContext context)
    {
        var create = new CreateClusterRequest(request.Name, [.. request.Servers], [.. request.Agents], request.Version.Length == 0 ? null : request.Version,
            [.. request.Disable], request.Fix, request.DryRun);
        if (request.DryRun)
        {
            return new ApiV1.CreateClusterResponse { Plan = ToMessage(await clusters.PlanAsync(create, context.CancellationToken).ConfigureAwait(false)) };
        }
        return new ApiV1.CreateClusterResponse { Cluster = ToMessage(clusters.Create(create)) };
    }

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.Cluster> AddClusterNodes(ApiV1.AddClusterNodesRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(clusters.AddNodes(request.Name, new AddClusterNodesRequest([.. request.Servers], [.. request.Agents], request.Fix))));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.Cluster> RemoveClusterNode(ApiV1.RemoveClusterNodeRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(clusters.RemoveNode(request.Name, request.Node)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.Cluster> DeleteCluster(ApiV1.DeleteClusterRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(clusters.Delete(request.Name)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.Cluster> ResumeCluster(ApiV1.ResumeClusterRequest request, ServerCallContext context) =>
        Task.FromResult(ToMessage(clusters.Resume(request.Name, request.Fix)));

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApiV1.ClusterKubeconfig> GetClusterKubeconfig(ApiV1.GetClusterKubeconfigRequest request, ServerCallContext context)
    {
        var view = clusters.Kubeconfig(request.Name);
        return Task.FromResult(new ApiV1.ClusterKubeconfig { Name = view.Name, Kubeconfig = view.Kubeconfig });
    }

    private static ApiV1.Cluster ToMessage(ClusterView view)
    {
        var message = new ApiV1.Cluster
        {
            Name = view.Name, Version = view.Version, State = view.State, Running = view.Running, Fix = view.Fix, HasKubeconfig = view.HasKubeconfig, Origin = view.Origin,
            CreatedAt = Timestamp.FromDateTimeOffset(view.CreatedAt), UpdatedAt = Timestamp.FromDateTimeOffset(view.UpdatedAt),
        };
        message.Disable.AddRange(view.Disable);
        message.Nodes.AddRange(view.Nodes.Select(n => new ApiV1.ClusterNode
        {
            Node = n.Node, Role = n.Role, Ordinal = n.Ordinal, State = n.State, LastError = n.LastError, NextAction = n.NextAction,
        }));
        message.Steps.AddRange(view.Steps.Select(s =>
        {
            var step = new ApiV1.ClusterPlanStep
            {
                Node = s.Node, Phase = s.Phase, Index = s.Index, Description = s.Description, State = s.State, Changed = s.Changed, Output = s.Output, Error = s.Error,
                StartedAt = s.StartedAt is { } started ? Timestamp.FromDateTimeOffset(started) : null,
                EndedAt = s.EndedAt is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
            };
            if (s.ExitCode is { } exit)
            {
                step.ExitCode = exit;
            }
            return step;
        }));
        return message;
    }

    private static ApiV1.ClusterPlan ToMessage(ClusterPlanView view)
    {
        var message = new ApiV1.ClusterPlan { Name = view.Name, Version = view.Version, Text = view.Text };
        message.Disable.AddRange(view.Disable);
        message.Nodes.AddRange(view.Nodes.Select(n =>
        {
            var node = new ApiV1.ClusterNodePlan { Node = n.Node, Role = n.Role, Order = n.Order, Unreachable = n.Unreachable ?? "", Problem = n.Problem ?? "" };
            node.Preflight.AddRange(n.Preflight.Select(f => new ApiV1.ClusterPreflightFinding { Check = f.Check, Level = f.Level, Message = f.Message, Fixable = f.Fixable }));
            node.Defaults.AddRange(n.Defaults.Select(d => new ApiV1.ClusterPlanDefault { Setting = d.Setting, Reason = d.Reason }));
            node.Steps.AddRange(n.Steps);
            return node;
        }));
        return message;
    }
}
