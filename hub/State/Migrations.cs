namespace PiController.Hub.State;

internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The schema, as an ordered list of migrations. A released migration is never edited; a change is a new one.
/// Times are Unix milliseconds (UTC). docs/schema.md describes the tables.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "nodes and api tokens", """
            CREATE TABLE nodes (
                node_id          TEXT PRIMARY KEY,
                instance_id      TEXT NOT NULL,
                hostname         TEXT NOT NULL DEFAULT '',
                model            TEXT NOT NULL DEFAULT '',
                architecture     TEXT NOT NULL DEFAULT '',
                os               TEXT NOT NULL DEFAULT '',
                kernel           TEXT NOT NULL DEFAULT '',
                board            TEXT NOT NULL DEFAULT '',
                agent_version    TEXT NOT NULL DEFAULT '',
                remote_address   TEXT NOT NULL DEFAULT '',
                first_seen       INTEGER NOT NULL,
                last_seen        INTEGER NOT NULL,
                last_heartbeat   INTEGER,
                connected_since  INTEGER,
                disconnected_at  INTEGER,
                metrics          BLOB
            );
            CREATE TABLE api_tokens (
                token_id     TEXT PRIMARY KEY,
                name         TEXT NOT NULL,
                role         TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
                secret_hash  BLOB NOT NULL,
                created_at   INTEGER NOT NULL,
                expires_at   INTEGER,
                revoked_at   INTEGER
            );
            """),
        new(2, "hardware report per node", """
            ALTER TABLE nodes ADD COLUMN hardware BLOB;
            """),
    ];
}
