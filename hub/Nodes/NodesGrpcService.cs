using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using PiController.Hub.Agents;
using PiController.Hub.Audit;
using PiController.Hub.Security;
using PiController.Protocol.Api;
using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>gRPC: picontroller.api.v1.Nodes, the same operations as /api/v1/nodes.</summary>
internal sealed class NodesGrpcService(NodeService nodes) : Protocol.Api.Nodes.NodesBase
{
    [ReadOnlyCall]
    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context)
    {
        var response = new ListNodesResponse();
        response.Nodes.AddRange(nodes.List().Select(ToMessage));
        return Task.FromResult(response);
    }

    [ReadOnlyCall]
    public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context) =>
        nodes.Get(request.NodeId) is { } node
            ? Task.FromResult(ToMessage(node))
            : throw new RpcException(new Status(StatusCode.NotFound, $"no node with id \"{request.NodeId}\""));

    [Authorize(Policy = HubPolicies.Operator)]
    public override async Task<PingNodeResponse> PingNode(PingNodeRequest request, ServerCallContext context)
    {
        var count = request.Count == 0 ? 4 : (int)Math.Min(request.Count, int.MaxValue);
        if (count > NodeService.MaxPingCount)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"count must be between 1 and {NodeService.MaxPingCount}"));
        }
        var timeout = request.TimeoutMs == 0 ? NodeService.DefaultTimeout : TimeSpan.FromMilliseconds(Math.Min(request.TimeoutMs, 60_000));
        try
        {
            var result = await nodes.PingAsync(request.NodeId, count, timeout, context.CancellationToken).ConfigureAwait(false);
            var response = new PingNodeResponse();
            response.RoundTripMs.AddRange(result.RoundTripMs);
            return response;
        }
        catch (CommandFailedException e)
        {
            throw new RpcException(new Status(e.GrpcStatus, e.Message));
        }
    }

    private static Node ToMessage(NodeView n)
    {
        var node = new Node
        {
            NodeId = n.NodeId,
            System = new SystemInfo { Hostname = n.Hostname, Model = n.Model, Architecture = n.Architecture, Os = n.Os, Kernel = n.Kernel, Board = n.Board },
            AgentVersion = n.AgentVersion,
            Connected = n.Connected,
            FirstSeen = Timestamp.FromDateTimeOffset(n.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(n.LastSeen),
            RemoteAddress = n.RemoteAddress,
        };
        if ((n.Connected ? n.ConnectedSince : n.DisconnectedAt) is { } changed)
        {
            node.ConnectionChangedAt = Timestamp.FromDateTimeOffset(changed);
        }
        if (n.LastHeartbeat is { } heartbeat)
        {
            node.LastHeartbeat = Timestamp.FromDateTimeOffset(heartbeat);
        }
        if (n.Metrics is { } metrics)
        {
            node.Metrics = metrics.ToMessage();
        }
        return node;
    }
}
