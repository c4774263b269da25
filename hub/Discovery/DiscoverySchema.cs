namespace PiController.Hub.Discovery;

/// <summary>Migration 6 (docs/schema.md): discovered machines, where each was seen, and when a node was lost.</summary>
internal static class DiscoverySchema
{
    public const string Sql = """
        CREATE TABLE discovered_machines (
            machine_id   INTEGER PRIMARY KEY AUTOINCREMENT,
            node_id      TEXT UNIQUE,
            mac          TEXT UNIQUE,
            ip           TEXT NOT NULL DEFAULT '',
            hostname     TEXT NOT NULL DEFAULT '',
            model        TEXT NOT NULL DEFAULT '',
            agent        TEXT NOT NULL DEFAULT '',
            ssh_open     INTEGER NOT NULL DEFAULT 0,
            first_seen   INTEGER NOT NULL,
            last_seen    INTEGER NOT NULL
        );
        CREATE INDEX discovered_machines_ip ON discovered_machines (ip);
        CREATE TABLE discovery_sightings (
            machine_id   INTEGER NOT NULL REFERENCES discovered_machines (machine_id) ON DELETE CASCADE,
            source       TEXT NOT NULL CHECK (source IN ('mdns', 'scan', 'neighbour', 'lease')),
            first_seen   INTEGER NOT NULL,
            last_seen    INTEGER NOT NULL,
            detail       TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (machine_id, source)
        );
        ALTER TABLE nodes ADD COLUMN lost_at INTEGER;
        """;
}
