using System.Diagnostics;
using Google.Protobuf;
using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

internal sealed record PingResult(string NodeId, IReadOnlyList<double> RoundTripMs);

/// <summary>The node operations that REST, gRPC and the CLI share.</summary>
internal sealed class NodeService(NodeStore store, AgentRegistry registry, Security.NodeCertificateStore certificates, Events.NodeEvents events)
{
    public const int MaxPingCount = 1000;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public IReadOnlyList<NodeView> List() => store.List(registry.IsConnected);

    public NodeView? Get(string nodeId) => store.Get(nodeId, registry.IsConnected);

    public PiController.Protocol.Link.HardwareReport? Hardware(string nodeId) => store.Hardware(nodeId);

    /// <summary>Measures <paramref name="count"/> round trips hub -> agent -> hub, one after another.</summary>
    public async Task<PingResult> PingAsync(string nodeId, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxPingCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be between 1 and {MaxPingCount}");
        }
        EnsureKnown(nodeId);
        var payload = ByteString.CopyFrom(new byte[16]);
        var rtts = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await registry.SendAsync(nodeId, new Command { Ping = new Ping { Payload = payload } }, timeout, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (result.OutcomeCase != CommandResult.OutcomeOneofCase.Pong)
            {
                throw new InvalidOperationException($"node {nodeId} answered the ping with an error: {result.Error?.Message}");
            }
            rtts.Add(Math.Round(elapsed.TotalMilliseconds, 3));
        }
        return new PingResult(nodeId, rtts);
    }

    /// <summary>Forgets a node: revokes its certificates, closes its stream and removes its record.</summary>
    public bool Delete(string nodeId)
    {
        certificates.Revoke(nodeId);
        registry.Disconnect(nodeId);
        if (!store.Delete(nodeId))
        {
            return false;
        }
        events.StatusChanged(nodeId, "deleted", null, null, "the node was deleted; its certificates are revoked");
        return true;
    }

    /// <summary>Revokes the node's certificates and closes its stream; it is refused until a new enrollment is approved.</summary>
    public int? Revoke(string nodeId)
    {
        if (store.Get(nodeId, registry.IsConnected) is null)
        {
            return null;
        }
        var count = certificates.Revoke(nodeId);
        registry.Disconnect(nodeId);
        events.StatusChanged(nodeId, "revoked", null, "revoked", $"{count} certificate(s) revoked; the node is refused until a new enrollment is approved");
        return count;
    }

    private void EnsureKnown(string nodeId)
    {
        if (!registry.IsConnected(nodeId) && store.Get(nodeId, registry.IsConnected) is null)
        {
            throw new CommandFailedException(CommandFailureKind.UnknownNode, $"no node with id \"{nodeId}\"; pi-controller nodes ls lists the nodes");
        }
    }
}
