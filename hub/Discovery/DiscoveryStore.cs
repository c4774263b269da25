using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Discovery;

/// <summary>
/// Discovered machines in SQLite (migration 6): one row per machine, one sighting per source with its first and
/// last time. Sightings are merged by identity, strongest first: the agent's node id, then the MAC, then the IP
/// address when nothing contradicts it; so a machine whose address changes stays one machine.
/// </summary>
internal sealed class DiscoveryStore(HubDatabase database, TimeProvider time)
{
    private const string Select = """
        SELECT m.machine_id, m.node_id, m.mac, m.ip, m.hostname, m.model, m.agent, m.ssh_open, m.first_seen, m.last_seen,
            (SELECT CASE WHEN n.revoked_at IS NOT NULL THEN 'revoked' WHEN n.lost_at IS NOT NULL AND n.connected_since IS NULL THEN 'lost' ELSE 'enrolled' END
             FROM nodes n WHERE n.node_id = m.node_id),
            EXISTS (SELECT 1 FROM enrollment_requests e WHERE e.node_id = m.node_id AND e.approved_at IS NULL)
        FROM discovered_machines m
        """;

    /// <summary>Records a sighting; returns the machine and whether it is new.</summary>
    public (DiscoveredMachineView Machine, bool Created) Observe(Observation o)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var byNode = o.NodeId is null ? null : Find(connection, "node_id = $v", o.NodeId);
        var byMac = o.Mac is null ? null : Find(connection, "mac = $v", o.Mac);
        var byIp = o.Address is null ? null : Find(connection, "ip = $v ORDER BY last_seen DESC LIMIT 1", o.Address.ToString());
        if (byIp is { } ip && (ip.NodeId is not null && ip.NodeId != o.NodeId || ip.Mac is not null && ip.Mac != o.Mac && o.Mac is not null))
        {
            byIp = null; // The address now belongs to another machine.
        }
        var macTaken = false;
        if (byMac is { NodeId: not null } mac && o.NodeId is not null && mac.NodeId != o.NodeId)
        {
            // Another agent's machine has this MAC: keep the two apart rather than guess.
            (byMac, macTaken) = (null, true);
        }
        var target = byNode ?? byMac ?? byIp;
        var created = target is null;
        long id;
        if (target is null)
        {
            id = Scalar(connection, "INSERT INTO discovered_machines (first_seen, last_seen) VALUES ($now, $now) RETURNING machine_id", ("$now", now));
        }
        else
        {
            id = target.Id;
            foreach (var other in new[] { byMac, byIp }.OfType<Row>().Where(r => r.Id != id).DistinctBy(r => r.Id))
            {
                Merge(connection, other.Id, id);
            }
        }
        Execute(connection, """
            UPDATE discovered_machines SET
                node_id = COALESCE(node_id, $node), mac = COALESCE($mac, mac), ip = COALESCE($ip, ip),
                hostname = CASE WHEN $hostname <> '' THEN $hostname ELSE hostname END,
                model = CASE WHEN $model <> '' THEN $model ELSE model END,
                agent = COALESCE($agent, agent), ssh_open = ssh_open OR $ssh, last_seen = $now
            WHERE machine_id = $id
            """,
            ("$id", id), ("$node", o.NodeId), ("$mac", macTaken ? null : o.Mac), ("$ip", o.Address?.ToString()), ("$hostname", o.Hostname ?? ""),
            ("$model", o.Model ?? ""), ("$agent", o.AgentEnrolled is { } e ? (e ? "enrolled" : "not enrolled") : null), ("$ssh", o.SshOpen), ("$now", now));
        Execute(connection, """
            INSERT INTO discovery_sightings (machine_id, source, first_seen, last_seen, detail) VALUES ($id, $source, $now, $now, $detail)
            ON CONFLICT (machine_id, source) DO UPDATE SET last_seen = $now, detail = $detail
            """, ("$id", id), ("$source", o.Source), ("$now", now), ("$detail", o.Detail));
        transaction.Commit();
        return (Get(connection, id)!, created);
    }

    /// <summary>
    /// Deletes the machines last seen before <paramref name="cutoff"/>, with their sightings, except one whose
    /// node's agent is connected now (the hub sees it, whatever its last sighting says). Returns how many went.
    /// </summary>
    public int DeleteNotSeenSince(DateTimeOffset cutoff)
    {
        using var connection = database.Open();
        using var command = Command(connection, """
            DELETE FROM discovered_machines
            WHERE last_seen < $cutoff
              AND NOT EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = discovered_machines.node_id AND n.connected_since IS NOT NULL)
            """, ("$cutoff", cutoff.ToUnixTimeMilliseconds()));
        return command.ExecuteNonQuery();
    }

    public IReadOnlyList<DiscoveredMachineView> List()
    {
        using var connection = database.Open();
        return Query(connection, $"{Select} ORDER BY m.ip, m.machine_id");
    }

    public DiscoveredMachineView? Get(long id)
    {
        using var connection = database.Open();
        return Get(connection, id);
    }

    private static DiscoveredMachineView? Get(SqliteConnection connection, long id) =>
        Query(connection, $"{Select} WHERE m.machine_id = $id", ("$id", id)).FirstOrDefault();

    private static List<DiscoveredMachineView> Query(SqliteConnection connection, string sql, params (string, object?)[] parameters)
    {
        var sightings = new Dictionary<long, List<SightingView>>();
        using (var command = Command(connection, "SELECT machine_id, source, first_seen, last_seen, detail FROM discovery_sightings ORDER BY source"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var list = sightings.TryGetValue(reader.GetInt64(0), out var l) ? l : sightings[reader.GetInt64(0)] = [];
                list.Add(new SightingView(reader.GetString(1), Time(reader.GetInt64(2)), Time(reader.GetInt64(3)), reader.GetString(4)));
            }
        }
        var machines = new List<DiscoveredMachineView>();
        using (var command = Command(connection, sql, parameters))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                var nodeId = reader.IsDBNull(1) ? null : reader.GetString(1);
                var mac = reader.IsDBNull(2) ? null : reader.GetString(2);
                var (hostname, model, agent, ssh) = (reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetBoolean(7));
                var (confidence, evidence) = PiConfidence.Assess(mac, hostname, model, agent.Length > 0, ssh);
                var state = !reader.IsDBNull(10) ? reader.GetString(10) : reader.GetBoolean(11) ? "waiting" : "discovered";
                machines.Add(new DiscoveredMachineView(id, nodeId, mac, reader.GetString(3), hostname, model, agent.Length == 0 ? "none" : agent, ssh,
                    confidence, evidence, state, Time(reader.GetInt64(8)), Time(reader.GetInt64(9)), sightings.GetValueOrDefault(id) ?? []));
            }
        }
        return machines;
    }

    /// <summary>Folds machine <paramref name="from"/> into <paramref name="into"/>: sightings, identity and first sighting.</summary>
    private static void Merge(SqliteConnection connection, long from, long into)
    {
        string? mac = null, nodeId = null, hostname = null;
        long firstSeen;
        bool ssh;
        using (var read = Command(connection, "SELECT mac, node_id, hostname, first_seen, ssh_open FROM discovered_machines WHERE machine_id = $from", ("$from", from)))
        using (var reader = read.ExecuteReader())
        {
            reader.Read();
            (mac, nodeId, hostname) = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
            (firstSeen, ssh) = (reader.GetInt64(3), reader.GetBoolean(4));
        }
        Execute(connection, """
            INSERT INTO discovery_sightings (machine_id, source, first_seen, last_seen, detail)
                SELECT $into, source, first_seen, last_seen, detail FROM discovery_sightings WHERE machine_id = $from
            ON CONFLICT (machine_id, source) DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen);
            DELETE FROM discovered_machines WHERE machine_id = $from;
            UPDATE discovered_machines SET
                mac = COALESCE(mac, $mac), node_id = COALESCE(node_id, $node),
                hostname = CASE WHEN hostname = '' THEN $hostname ELSE hostname END,
                first_seen = MIN(first_seen, $first), ssh_open = ssh_open OR $ssh
            WHERE machine_id = $into;
            """, ("$from", from), ("$into", into), ("$mac", mac), ("$node", nodeId), ("$hostname", hostname), ("$first", firstSeen), ("$ssh", ssh));
    }

    private sealed record Row(long Id, string? NodeId, string? Mac);

    private static Row? Find(SqliteConnection connection, string where, string value)
    {
        using var command = Command(connection, $"SELECT machine_id, node_id, mac FROM discovered_machines WHERE {where}", ("$v", value));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Row(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
