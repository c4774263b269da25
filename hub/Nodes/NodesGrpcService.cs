using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using PiController.Protocol.Api;

namespace PiController.Hub.Nodes;

/// <summary>
/// gRPC: picontroller.api.v1.Nodes, the same operations as /api/v1/nodes and /api/v1/enrollments, thin over
/// <see cref="NodeService"/> and <see cref="NodeLabels"/>; refusals become statuses in <c>HubExceptionInterceptor</c>.
/// </summary>
internal sealed class NodesGrpcService(NodeService nodes, NodeLabels labels) : Protocol.Api.Nodes.NodesBase
{
    [ReadOnlyCall]
    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context)
    {
        var response = new ListNodesResponse();
        response.Nodes.AddRange(nodes.List().Select(n => n.ToMessage()));
        return Task.FromResult(response);
    }

    [ReadOnlyCall]
    public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context) => Task.FromResult(nodes.Get(request.NodeId).ToMessage());

    [ReadOnlyCall]
    public override Task<HardwareReport> GetNodeHardware(GetNodeHardwareRequest request, ServerCallContext context) =>
        Task.FromResult(nodes.Hardware(request.NodeId));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<PingNodeResponse> PingNode(PingNodeRequest request, ServerCallContext context)
    {
        var count = request.Count == 0 ? 4 : (int)Math.Min(request.Count, int.MaxValue);
        var timeout = request.TimeoutMs == 0 ? NodeService.DefaultTimeout : TimeSpan.FromMilliseconds(request.TimeoutMs);
        var result = await nodes.PingAsync(request.NodeId, count, timeout, context.CancellationToken).ConfigureAwait(false);
        var response = new PingNodeResponse();
        response.RoundTripMs.AddRange(result.RoundTripMs);
        return response;
    }

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<DeleteNodeResponse> DeleteNode(DeleteNodeRequest request, ServerCallContext context)
    {
        nodes.Delete(request.NodeId);
        return Task.FromResult(new DeleteNodeResponse());
    }

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<RevokeNodeResponse> RevokeNode(RevokeNodeRequest request, ServerCallContext context) =>
        Task.FromResult(new RevokeNodeResponse { Certificates = (uint)nodes.Revoke(request.NodeId) });

    [Authorize(Policy = HubPolicies.Admin)]
    public override Task<ApproveNodeResponse> ApproveNode(ApproveNodeRequest request, ServerCallContext context)
    {
        nodes.Approve(request.NodeId, request.PublicKeySha256);
        return Task.FromResult(new ApproveNodeResponse());
    }

    [ReadOnlyCall]
    public override Task<ListEnrollmentsResponse> ListEnrollments(ListEnrollmentsRequest request, ServerCallContext context)
    {
        var response = new ListEnrollmentsResponse();
        response.Enrollments.AddRange(nodes.Pending().Select(e => e.ToMessage()));
        return Task.FromResult(response);
    }

    [ReadOnlyCall]
    public override Task<Protocol.Api.NodeLabels> GetNodeLabels(GetNodeLabelsRequest request, ServerCallContext context) =>
        Task.FromResult(labels.Require(request.NodeId).ToMessage());

    [Authorize(Policy = HubPolicies.Operator)]
    public override Task<Protocol.Api.NodeLabels> UpdateNodeLabels(UpdateNodeLabelsRequest request, ServerCallContext context)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Set)
        {
            changes[key] = value;
        }
        foreach (var key in request.Remove)
        {
            changes[key] = null;
        }
        return Task.FromResult(labels.Change(request.NodeId, changes, replace: false).ToMessage());
    }

    [Authorize(Policy = HubPolicies.Operator)]
    public override Task<Protocol.Api.NodeLabels> ReplaceNodeLabels(ReplaceNodeLabelsRequest request, ServerCallContext context) =>
        Task.FromResult(labels.Change(request.NodeId, request.Labels.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal), replace: true).ToMessage());
}
