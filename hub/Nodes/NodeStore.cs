using Google.Protobuf;
using Microsoft.Data.Sqlite;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>
/// The nodes table, written only here: identity binding, what each node last reported, when it was seen, and its
/// membership marks (enrolled, revoked, lost). Each method runs inside the current <see cref="HubTransaction"/> when there is one.
/// </summary>
internal sealed class NodeStore(HubDatabase database, TimeProvider time) : Security.INodeEnrollments
{
    private const string Columns = "node_id, hostname, model, architecture, os, kernel, board, agent_version, connected_since, disconnected_at, first_seen, last_seen, last_heartbeat, remote_address, metrics, enrolled_at, revoked_at, lost_at";

    /// <summary>
    /// Records a Hello. A node id seen for the first time is bound to the agent instance that sent it; a Hello
    /// from another instance is refused, never merged. Inside the current transaction when there is one (the agent
    /// link's, which also checks the node's certificate).
    /// </summary>
    public void RecordHello(Hello hello, string remoteAddress)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var transaction = database.Begin();
        if (database.Scalar("SELECT instance_id FROM nodes WHERE node_id = $id", ("$id", hello.NodeId)) is string { Length: > 0 } bound && bound != hello.InstanceId)
        {
            throw new NodeClaimException(
                $"node {hello.NodeId} is already registered to another agent (instance {Short(bound)}, this one is {Short(hello.InstanceId)}). " +
                "Two machines share one identity (a cloned SD card?). If this machine replaces the old one, remove the node (pi-controller nodes rm " + hello.NodeId +
                "); this agent then enrolls again and waits for an admin: pi-controller nodes pending, then pi-controller nodes approve " + hello.NodeId + " --key KEY");
        }
        var system = hello.System ?? new SystemInfo();
        database.Execute("""
            INSERT INTO nodes (node_id, instance_id, hostname, model, architecture, os, kernel, board, agent_version, remote_address, first_seen, last_seen, connected_since, disconnected_at, metrics, hardware)
            VALUES ($id, $instance, $hostname, $model, $arch, $os, $kernel, $board, $version, $remote, $now, $now, $now, NULL, $metrics, $hardware)
            ON CONFLICT (node_id) DO UPDATE SET instance_id = $instance, hostname = $hostname, model = $model, architecture = $arch, os = $os, kernel = $kernel,
                board = $board, agent_version = $version, remote_address = $remote, last_seen = $now, connected_since = $now,
                disconnected_at = NULL, metrics = $metrics, hardware = $hardware
            """,
            ("$id", hello.NodeId), ("$instance", hello.InstanceId), ("$hostname", system.Hostname), ("$model", system.Model),
            ("$arch", system.Architecture), ("$os", system.Os), ("$kernel", system.Kernel), ("$board", system.Board),
            ("$version", hello.AgentVersion), ("$remote", remoteAddress), ("$now", now),
            ("$metrics", hello.Metrics?.ToByteArray()), ("$hardware", hello.Hardware?.ToByteArray()));
        transaction.Commit();
    }

    /// <summary>
    /// Records an enrollment: a new enrollment starts a new binding (the next Hello binds the agent instance that
    /// holds the new key) and lifts a revocation.
    /// </summary>
    public void RecordEnrolled(string nodeId, string hostname)
    {
        database.Execute("""
            INSERT INTO nodes (node_id, instance_id, hostname, first_seen, last_seen, enrolled_at)
            VALUES ($id, '', $host, $now, $now, $now)
            ON CONFLICT (node_id) DO UPDATE SET instance_id = '', enrolled_at = $now, revoked_at = NULL
            """, ("$id", nodeId), ("$host", hostname), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>Whether the node was ever enrolled or revoked here (its record may have been removed since).</summary>
    public bool EnrolledOrRevoked(string nodeId) =>
        database.Long("SELECT COUNT(*) FROM nodes WHERE node_id = $id AND (enrolled_at IS NOT NULL OR revoked_at IS NOT NULL)", ("$id", nodeId)) > 0;

    /// <summary>Marks the node revoked. Null when the node is unknown, else whether it was active until now.</summary>
    public bool? MarkRevoked(string nodeId)
    {
        using var transaction = database.Begin();
        if (database.Scalar("SELECT revoked_at IS NULL FROM nodes WHERE node_id = $id", ("$id", nodeId)) is not { } active)
        {
            return null;
        }
        database.Execute("UPDATE nodes SET revoked_at = $now WHERE node_id = $id AND revoked_at IS NULL",
            ("$id", nodeId), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        transaction.Commit();
        return Convert.ToInt64(active, System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Deletes the node's record (its labels go with it); returns how many rows went (0 or 1).</summary>
    public int Delete(string nodeId) => database.Execute("DELETE FROM nodes WHERE node_id = $id", ("$id", nodeId));

    /// <summary>
    /// Marks lost every node that is disconnected, not revoked, and whose last answer (agent link, or an mDNS or
    /// scan sighting of its machine) is older than <paramref name="lostAfter"/>; returns their ids.
    /// </summary>
    public IReadOnlyList<string> MarkLost(TimeSpan lostAfter)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return database.Query($"""
            UPDATE nodes SET lost_at = $now
            WHERE lost_at IS NULL AND connected_since IS NULL AND revoked_at IS NULL AND {LastAnswer} < $cutoff
            RETURNING node_id
            """, r => r.GetString(0), ("$now", now), ("$cutoff", now - (long)lostAfter.TotalMilliseconds));
    }

    /// <summary>Clears the mark of every lost node that is connected or answered since; returns their ids.</summary>
    public IReadOnlyList<string> MarkFound() =>
        database.Query($"""
            UPDATE nodes SET lost_at = NULL
            WHERE lost_at IS NOT NULL AND (connected_since IS NOT NULL OR {LastAnswer} > lost_at)
            RETURNING node_id
            """, r => r.GetString(0));

    // The sightings are Discovery's table, read here only.
    private const string LastAnswer = """
        MAX(nodes.last_seen, COALESCE((SELECT MAX(s.last_seen) FROM discovery_sightings s JOIN discovered_machines d ON d.machine_id = s.machine_id
                                       WHERE d.node_id = nodes.node_id AND s.source IN ('mdns', 'scan')), 0))
        """;

    public void RecordHeartbeat(string nodeId, Metrics metrics) =>
        database.Execute("UPDATE nodes SET last_seen = $now, last_heartbeat = $now, metrics = $metrics WHERE node_id = $id",
            ("$id", nodeId), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$metrics", metrics.ToByteArray()));

    /// <summary>Keeps the hardware report an agent sends when its board's capabilities change.</summary>
    public void RecordHardware(string nodeId, HardwareReport report) =>
        database.Execute("UPDATE nodes SET hardware = $hardware WHERE node_id = $id", ("$id", nodeId), ("$hardware", report.ToByteArray()));

    /// <summary>The node's last hardware report, or null when it sent none.</summary>
    public HardwareReport? Hardware(string nodeId) =>
        database.Scalar("SELECT hardware FROM nodes WHERE node_id = $id", ("$id", nodeId)) is byte[] bytes ? HardwareReport.Parser.ParseFrom(bytes) : null;

    public void RecordDisconnect(string nodeId) =>
        database.Execute("UPDATE nodes SET last_seen = $now, connected_since = NULL, disconnected_at = $now WHERE node_id = $id",
            ("$id", nodeId), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Marks every node disconnected; run at start, since no stream survives a hub restart.</summary>
    public void MarkAllDisconnected() =>
        database.Execute("UPDATE nodes SET connected_since = NULL, disconnected_at = COALESCE(disconnected_at, last_seen) WHERE connected_since IS NOT NULL");

    public IReadOnlyList<NodeRecord> List() =>
        database.Query($"SELECT {Columns} FROM nodes ORDER BY hostname, node_id", Read);

    public NodeRecord? Get(string nodeId) =>
        database.Query($"SELECT {Columns} FROM nodes WHERE node_id = $id", Read, ("$id", nodeId)).SingleOrDefault();

    private static NodeRecord Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        ConnectedSince: Time(r, 8),
        DisconnectedAt: Time(r, 9),
        FirstSeen: Time(r, 10)!.Value,
        LastSeen: Time(r, 11)!.Value,
        LastHeartbeat: Time(r, 12),
        RemoteAddress: r.GetString(13),
        Metrics: r.IsDBNull(14) ? null : Metrics.Parser.ParseFrom((byte[])r[14]),
        EnrolledAt: Time(r, 15),
        RevokedAt: Time(r, 16),
        LostAt: Time(r, 17));

    private static DateTimeOffset? Time(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));

    private static string Short(string instance) => instance.Length > 8 ? instance[..8] + "…" : instance;
}
