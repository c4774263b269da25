namespace PiController.Hub.Resources;

/// <summary>Migration 7: node labels, hardware resources and the releases still owed to offline nodes (docs/schema.md).</summary>
internal static class ResourceSchema
{
    public const string Sql = """
        CREATE TABLE node_labels (
            node_id     TEXT NOT NULL REFERENCES nodes (node_id) ON DELETE CASCADE,
            key         TEXT NOT NULL,
            value       TEXT NOT NULL,
            PRIMARY KEY (node_id, key)
        );
        CREATE TABLE resources (
            kind          TEXT NOT NULL CHECK (kind IN ('GPIOPin', 'PWMController', 'I2CDevice')),
            name          TEXT NOT NULL,
            labels        TEXT NOT NULL DEFAULT '{}',
            node_id       TEXT NOT NULL,
            node_selector TEXT,
            spec          TEXT NOT NULL,
            claim         TEXT NOT NULL,
            release_on_delete INTEGER NOT NULL,
            generation    INTEGER NOT NULL,
            status        TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            PRIMARY KEY (kind, name)
        );
        CREATE UNIQUE INDEX resources_claim ON resources (node_id, claim);
        CREATE TABLE resource_releases (
            node_id     TEXT NOT NULL,
            claim       TEXT NOT NULL,
            kind        TEXT NOT NULL,
            name        TEXT NOT NULL,
            spec        TEXT NOT NULL,
            deleted_at  INTEGER NOT NULL,
            PRIMARY KEY (node_id, claim, kind)
        );
        """;
}
