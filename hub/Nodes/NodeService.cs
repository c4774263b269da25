using System.Diagnostics;
using Google.Protobuf;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Security;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

internal sealed record PingRequest(int? Count, int? TimeoutMs);

internal sealed record PingResult(string NodeId, IReadOnlyList<double> RoundTripMs);

/// <summary>
/// The node operations that REST, gRPC and the CLI share. Refusals are <see cref="HubException"/>s; the edges
/// translate them.
/// </summary>
internal sealed class NodeService(
    NodeStore store, AgentRegistry registry, HubDatabase database, NodeCertificateStore certificates, EnrollmentRequestStore requests, Events.NodeEvents events)
{
    public const int MaxPingCount = 1000;
    public const int MaxPingTimeoutMs = 60_000;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public IReadOnlyList<NodeView> List() => store.List().Select(View).ToList();

    public NodeView Get(string nodeId) => store.Get(nodeId) is { } record ? View(record) : throw NoSuchNode(nodeId);

    private NodeView View(NodeRecord record) => NodeView.From(record, registry.IsConnected(record.NodeId));

    /// <summary>The board identity and capabilities the agent last reported, in the public API's terms.</summary>
    public Protocol.Api.HardwareReport Hardware(string nodeId)
    {
        Get(nodeId);
        return store.Hardware(nodeId)?.ToApi()
            ?? throw new HubException(HubErrorKind.NotFound, $"node {nodeId} has not reported its hardware (its agent predates hardware reports)");
    }

    /// <summary>Enrollments waiting for an admin, of every node.</summary>
    public IReadOnlyList<EnrollmentRequestView> Pending() => requests.Pending().Select(EnrollmentRequestView.From).ToList();

    /// <summary>Measures <paramref name="count"/> round trips hub -> agent -> hub, one after another.</summary>
    public async Task<PingResult> PingAsync(string nodeId, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (count is < 1 or > MaxPingCount)
        {
            throw new HubException(HubErrorKind.Invalid, $"count must be between 1 and {MaxPingCount}, got {count}");
        }
        if (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromMilliseconds(MaxPingTimeoutMs))
        {
            throw new HubException(HubErrorKind.Invalid, $"timeoutMs must be between 1 and {MaxPingTimeoutMs}, got {(long)timeout.TotalMilliseconds}");
        }
        if (!registry.IsConnected(nodeId) && store.Get(nodeId) is null)
        {
            throw NoSuchNode(nodeId);
        }
        var payload = ByteString.CopyFrom(new byte[16]);
        var rtts = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await registry.SendAsync(nodeId, new Command { Ping = new Ping { Payload = payload } }, timeout, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (result.OutcomeCase != CommandResult.OutcomeOneofCase.Pong)
            {
                throw new HubException(HubErrorKind.Failed, $"node {nodeId} answered the ping with an error: {result.Error?.Message}");
            }
            rtts.Add(Math.Round(elapsed.TotalMilliseconds, 3));
        }
        return new PingResult(nodeId, rtts);
    }

    /// <summary>
    /// Forgets a node: its certificates are revoked, its record and waiting enrollments deleted, its stream closed.
    /// Its agent enrolls again with its join token and waits until an admin approves its key.
    /// </summary>
    public void Delete(string nodeId)
    {
        var existed = store.Get(nodeId) is not null;
        using (var transaction = database.Begin())
        {
            var forgotten = certificates.RevokeAll(nodeId) + requests.Forget(nodeId) + store.Delete(nodeId);
            transaction.Commit();
            if (forgotten == 0)
            {
                throw NoSuchNode(nodeId);
            }
        }
        registry.Disconnect(nodeId);
        if (existed)
        {
            events.StatusChanged(nodeId, "deleted", null, null,
                $"the node was removed and its certificates revoked; its agent enrolls again and waits for an admin: pi-controller nodes pending, then pi-controller nodes approve {nodeId} --key KEY");
        }
    }

    /// <summary>
    /// Revokes the node's certificates and closes its stream; it is refused until a new enrollment is approved.
    /// Returns how many certificates it had.
    /// </summary>
    public int Revoke(string nodeId)
    {
        int count;
        bool changed;
        using (var transaction = database.Begin())
        {
            if (store.MarkRevoked(nodeId) is not { } wasActive)
            {
                throw NoSuchNode(nodeId);
            }
            count = certificates.RevokeAll(nodeId);
            changed = count > 0 || wasActive;
            transaction.Commit();
        }
        registry.Disconnect(nodeId);
        if (changed)
        {
            events.StatusChanged(nodeId, "revoked", null, "revoked", $"{count} certificate(s) revoked; the node is refused until a new enrollment is approved");
        }
        return count;
    }

    /// <summary>
    /// Approves the node's waiting enrollment whose key starts with <paramref name="keyPrefix"/>; refused when no
    /// waiting key, or more than one, starts with it.
    /// </summary>
    public ApprovalResult Approve(string nodeId, string? keyPrefix)
    {
        if (EnrollmentKeys.CheckPrefix(keyPrefix) is { } problem)
        {
            throw new HubException(HubErrorKind.Invalid, $"{problem} (publicKeySha256; pi-controller nodes pending lists the waiting keys)");
        }
        var key = keyPrefix!.Trim();
        var result = requests.Approve(nodeId, key);
        switch (result.Outcome)
        {
            case ApprovalOutcome.Approved:
                events.StatusChanged(nodeId, "approved", "waiting", "approved",
                    $"an admin approved the waiting enrollment with key sha256 {EnrollmentKeys.Short(result.PublicKeySha256!)}; the agent gets its certificate when it asks again");
                return result;
            case ApprovalOutcome.AlreadyApproved:
                return result;
            case ApprovalOutcome.Ambiguous:
                throw new HubException(HubErrorKind.Conflict, result.Problem(nodeId, key)!);
            default:
                throw new HubException(HubErrorKind.NotFound, result.Problem(nodeId, key)!);
        }
    }

    private static HubException NoSuchNode(string nodeId) =>
        new(HubErrorKind.NotFound, $"no node with id \"{TextRules.Excerpt(nodeId)}\"; pi-controller nodes ls lists the nodes");
}
