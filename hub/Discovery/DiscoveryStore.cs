using PiController.Hub.State;

namespace PiController.Hub.Discovery;

/// <summary>
/// Discovered machines in SQLite (tables discovered_machines and discovery_sightings, migration 5, written only
/// here): one row per machine, one sighting per source with its first and last time. Sightings are merged by identity, strongest first: the agent's node id, then the MAC, then the IP
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
    public (DiscoveredMachine Machine, bool Created) Observe(Observation o)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using (var transaction = database.Begin())
        {
            var (id, created) = Record(o, now);
            transaction.Commit();
            return (Get(id)!, created);
        }
    }

    private (long Id, bool Created) Record(Observation o, long now)
    {
        var byNode = o.NodeId is null ? null : Find("node_id = $v", o.NodeId);
        var byMac = o.Mac is null ? null : Find("mac = $v", o.Mac);
        var byIp = o.Address is null ? null : Find("ip = $v ORDER BY last_seen DESC LIMIT 1", o.Address.ToString());
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
            id = database.Long("INSERT INTO discovered_machines (first_seen, last_seen) VALUES ($now, $now) RETURNING machine_id", ("$now", now));
        }
        else
        {
            id = target.Id;
            foreach (var other in new[] { byMac, byIp }.OfType<Row>().Where(r => r.Id != id).DistinctBy(r => r.Id))
            {
                Merge(other.Id, id);
            }
        }
        database.Execute("""
            UPDATE discovered_machines SET
                node_id = COALESCE(node_id, $node), mac = COALESCE($mac, mac), ip = COALESCE($ip, ip),
                hostname = CASE WHEN $hostname <> '' THEN $hostname ELSE hostname END,
                model = CASE WHEN $model <> '' THEN $model ELSE model END,
                agent = COALESCE($agent, agent), ssh_open = ssh_open OR $ssh, last_seen = $now
            WHERE machine_id = $id
            """,
            ("$id", id), ("$node", o.NodeId), ("$mac", macTaken ? null : o.Mac), ("$ip", o.Address?.ToString()), ("$hostname", o.Hostname ?? ""),
            ("$model", o.Model ?? ""), ("$agent", o.AgentEnrolled is { } e ? (e ? "enrolled" : "not enrolled") : null), ("$ssh", o.SshOpen), ("$now", now));
        database.Execute("""
            INSERT INTO discovery_sightings (machine_id, source, first_seen, last_seen, detail) VALUES ($id, $source, $now, $now, $detail)
            ON CONFLICT (machine_id, source) DO UPDATE SET last_seen = $now, detail = $detail
            """, ("$id", id), ("$source", o.Source), ("$now", now), ("$detail", o.Detail));
        return (id, created);
    }

    /// <summary>
    /// Deletes the machines last seen before <paramref name="cutoff"/>, with their sightings, except one whose
    /// node's agent is connected now (the hub sees it, whatever its last sighting says). Returns how many went.
    /// </summary>
    public int DeleteNotSeenSince(DateTimeOffset cutoff) =>
        database.Execute("""
            DELETE FROM discovered_machines
            WHERE last_seen < $cutoff
              AND NOT EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = discovered_machines.node_id AND n.connected_since IS NOT NULL)
            """, ("$cutoff", cutoff.ToUnixTimeMilliseconds()));

    public IReadOnlyList<DiscoveredMachine> List()
    {
        using var transaction = database.Begin();
        return Query($"{Select} ORDER BY m.ip, m.machine_id");
    }

    public DiscoveredMachine? Get(long id)
    {
        using var transaction = database.Begin();
        return Query($"{Select} WHERE m.machine_id = $id", ("$id", id)).FirstOrDefault();
    }

    private List<DiscoveredMachine> Query(string sql, params (string, object?)[] parameters)
    {
        var sightings = new Dictionary<long, List<Sighting>>();
        foreach (var (machine, sighting) in database.Query("SELECT machine_id, source, first_seen, last_seen, detail FROM discovery_sightings ORDER BY source",
            r => (r.GetInt64(0), new Sighting(r.GetString(1), Time(r.GetInt64(2)), Time(r.GetInt64(3)), r.GetString(4)))))
        {
            (sightings.TryGetValue(machine, out var list) ? list : sightings[machine] = []).Add(sighting);
        }
        return database.Query(sql, reader =>
        {
            var id = reader.GetInt64(0);
            var nodeId = reader.IsDBNull(1) ? null : reader.GetString(1);
            var mac = reader.IsDBNull(2) ? null : reader.GetString(2);
            return new DiscoveredMachine(id, nodeId, mac, reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetBoolean(7),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetBoolean(11), Time(reader.GetInt64(8)), Time(reader.GetInt64(9)),
                sightings.GetValueOrDefault(id) ?? []);
        }, parameters);
    }

    /// <summary>Folds machine <paramref name="from"/> into <paramref name="into"/>: sightings, identity and first sighting.</summary>
    private void Merge(long from, long into)
    {
        var (mac, nodeId, hostname, firstSeen, ssh) = database.Query("SELECT mac, node_id, hostname, first_seen, ssh_open FROM discovered_machines WHERE machine_id = $from",
            r => (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetBoolean(4)), ("$from", from))[0];
        database.Execute("""
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

    private Row? Find(string where, string value) =>
        database.Query($"SELECT machine_id, node_id, mac FROM discovered_machines WHERE {where}",
            r => new Row(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)), ("$v", value)).FirstOrDefault();

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
