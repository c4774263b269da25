using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>
/// A row of the nodes table as <see cref="NodeStore"/> reads it. Whether the node is connected is not stored (no
/// stream survives a restart): <see cref="NodeView.From"/> joins the two for the API.
/// </summary>
internal sealed record NodeRecord(
    string NodeId,
    string Hostname,
    string Model,
    string Architecture,
    string Os,
    string Kernel,
    string Board,
    string AgentVersion,
    DateTimeOffset? ConnectedSince,
    DateTimeOffset? DisconnectedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? LastHeartbeat,
    string RemoteAddress,
    Metrics? Metrics,
    DateTimeOffset? EnrolledAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LostAt);
