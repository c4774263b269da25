namespace PiController.Hub.Nodes;

/// <summary>Live metrics; null means the agent could not read the value.</summary>
internal sealed record MetricsView(
    double? CpuPercent,
    ulong? MemoryTotalBytes,
    ulong? MemoryAvailableBytes,
    ulong? DiskTotalBytes,
    ulong? DiskAvailableBytes,
    double? TemperatureCelsius,
    double? Load1,
    double? Load5,
    double? Load15,
    ulong? UptimeSeconds);

/// <summary>
/// A node as the API shows it. Empty strings and nulls are values the agent could not read. Membership is
/// "enrolled", "lost" (disconnected and silent for longer than serve --lost-after) or "revoked".
/// </summary>
internal sealed record NodeView(
    string NodeId,
    string Hostname,
    string Model,
    string Architecture,
    string Os,
    string Kernel,
    string Board,
    string AgentVersion,
    bool Connected,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? DisconnectedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? LastHeartbeat,
    string RemoteAddress,
    MetricsView? Metrics,
    DateTimeOffset? EnrolledAt,
    DateTimeOffset? RevokedAt,
    string Membership = "enrolled")
{
    /// <summary>The stored node and whether its agent is connected now; a connected node is never shown lost.</summary>
    public static NodeView From(NodeRecord r, bool connected) => new(
        r.NodeId, r.Hostname, r.Model, r.Architecture, r.Os, r.Kernel, r.Board, r.AgentVersion,
        Connected: connected,
        ConnectedSince: r.ConnectedSince,
        DisconnectedAt: r.DisconnectedAt,
        FirstSeen: r.FirstSeen,
        LastSeen: r.LastSeen,
        LastHeartbeat: r.LastHeartbeat,
        RemoteAddress: r.RemoteAddress,
        Metrics: r.Metrics?.ToView(),
        EnrolledAt: r.EnrolledAt,
        RevokedAt: r.RevokedAt,
        Membership: r.RevokedAt is not null ? "revoked" : r.LostAt is not null && !connected ? "lost" : "enrolled");
}
