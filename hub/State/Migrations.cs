namespace PiController.Hub.State;

internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The schema, as an ordered list of migrations, every one frozen here as the text that was released: a released
/// migration is never edited (a database that applied it would differ from one that applies the edit), a change is
/// a new one. MigrationsTests holds a hash of each. Times are Unix milliseconds (UTC). docs/schema.md describes the
/// tables; each table's one writer is named there and in docs/architecture.md.
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
        new(3, "join tokens, node certificates, enrollment requests", """
            CREATE TABLE join_tokens (
                token_id     TEXT PRIMARY KEY,
                description  TEXT NOT NULL DEFAULT '',
                secret_hash  BLOB NOT NULL,
                created_at   INTEGER NOT NULL,
                expires_at   INTEGER,
                max_uses     INTEGER,
                uses         INTEGER NOT NULL DEFAULT 0,
                revoked_at   INTEGER
            );
            CREATE TABLE node_certificates (
                serial       TEXT PRIMARY KEY,
                node_id      TEXT NOT NULL,
                public_key_sha256 TEXT NOT NULL UNIQUE,
                not_before   INTEGER NOT NULL,
                not_after    INTEGER NOT NULL,
                issued_at    INTEGER NOT NULL,
                revoked_at   INTEGER
            );
            CREATE INDEX node_certificates_node ON node_certificates (node_id);
            CREATE TABLE enrollment_requests (
                node_id      TEXT PRIMARY KEY,
                public_key_sha256 TEXT NOT NULL,
                source       TEXT NOT NULL,
                requested_at INTEGER NOT NULL,
                approved_at  INTEGER
            );
            ALTER TABLE nodes ADD COLUMN enrolled_at INTEGER;
            ALTER TABLE nodes ADD COLUMN revoked_at INTEGER;
            """),
        new(4, "audit log", """
            CREATE TABLE audit_log (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                at             INTEGER NOT NULL,
                actor          TEXT NOT NULL,
                source_address TEXT NOT NULL,
                action         TEXT NOT NULL,
                target         TEXT NOT NULL DEFAULT '',
                status         INTEGER NOT NULL,
                grpc_status    INTEGER,
                result         TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'failed'))
            );
            CREATE INDEX audit_log_at ON audit_log (at);
            """),
        new(5, "discovered machines and their sightings; lost nodes", """
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
            """),
        new(6, "events", """
            CREATE TABLE events (
                id       INTEGER PRIMARY KEY AUTOINCREMENT,
                type     TEXT NOT NULL,
                node_id  TEXT,
                at       INTEGER NOT NULL,
                payload  TEXT NOT NULL
            );
            CREATE INDEX events_at ON events (at);
            CREATE INDEX events_node ON events (node_id, id);
            """),
        new(7, "node labels, hardware resources, releases owed", """
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
            """),
        new(8, "enrollment requests per node and key", """
            CREATE TABLE enrollment_requests_by_key (
                node_id      TEXT NOT NULL,
                public_key_sha256 TEXT NOT NULL,
                source       TEXT NOT NULL,
                requested_at INTEGER NOT NULL,
                approved_at  INTEGER,
                PRIMARY KEY (node_id, public_key_sha256)
            );
            INSERT INTO enrollment_requests_by_key (node_id, public_key_sha256, source, requested_at, approved_at)
                SELECT node_id, public_key_sha256, source, requested_at, approved_at FROM enrollment_requests;
            DROP TABLE enrollment_requests;
            ALTER TABLE enrollment_requests_by_key RENAME TO enrollment_requests;
            """),
        new(9, "audit log: repeated refusals counted in one row", """
            ALTER TABLE audit_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE audit_log ADD COLUMN last_at INTEGER;
            """),
        new(10, "K3s clusters: plans, their nodes and steps", """
            CREATE TABLE clusters (
                name          TEXT PRIMARY KEY,
                k3s_version   TEXT NOT NULL,
                config        TEXT NOT NULL,
                sealed_trust  TEXT NOT NULL,
                sealed_kubeconfig TEXT,
                fix_consent   INTEGER NOT NULL DEFAULT 0,
                state         TEXT NOT NULL CHECK (state IN ('creating', 'ready', 'failed', 'deleting')),
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL
            );
            CREATE TABLE cluster_nodes (
                cluster       TEXT NOT NULL REFERENCES clusters (name) ON DELETE CASCADE,
                target        TEXT NOT NULL UNIQUE,
                role          TEXT NOT NULL CHECK (role IN ('server', 'agent')),
                ordinal       INTEGER NOT NULL,
                state         TEXT NOT NULL CHECK (state IN ('pending', 'installing', 'ready', 'failed', 'removing')),
                last_error    TEXT NOT NULL DEFAULT '',
                next_action   TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (cluster, target)
            );
            CREATE TABLE plan_steps (
                cluster       TEXT NOT NULL REFERENCES clusters (name) ON DELETE CASCADE,
                target        TEXT NOT NULL,
                phase         TEXT NOT NULL CHECK (phase IN ('preflight', 'fix', 'install', 'ready', 'uninstall')),
                step_index    INTEGER NOT NULL,
                description   TEXT NOT NULL,
                state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
                changed       INTEGER NOT NULL DEFAULT 0,
                path          TEXT,
                output        TEXT NOT NULL DEFAULT '',
                error         TEXT NOT NULL DEFAULT '',
                exit_code     INTEGER,
                started_at    INTEGER,
                ended_at      INTEGER,
                PRIMARY KEY (cluster, target, phase, step_index)
            );
            """),
        new(11, "ssh targets: sealed credentials, pinned host keys, jump chains", """
            CREATE TABLE ssh_targets (
                name            TEXT PRIMARY KEY,
                host            TEXT NOT NULL,
                port            INTEGER NOT NULL,
                user            TEXT NOT NULL,
                auth            TEXT NOT NULL CHECK (auth IN ('key', 'password')),
                credential      TEXT NOT NULL,
                sudo_password   TEXT,
                host_key_algorithm TEXT,
                host_key_sha256 TEXT,
                host_key_pinned_at INTEGER,
                created_at      INTEGER NOT NULL
            );
            CREATE TABLE ssh_target_jumps (
                name      TEXT NOT NULL REFERENCES ssh_targets (name) ON DELETE CASCADE,
                position  INTEGER NOT NULL,
                jump      TEXT NOT NULL REFERENCES ssh_targets (name),
                PRIMARY KEY (name, position)
            );
            CREATE INDEX ssh_target_jumps_jump ON ssh_target_jumps (jump);
            """),
        new(12, "clusters: imported ones (origin)", """
            ALTER TABLE clusters ADD COLUMN origin TEXT NOT NULL DEFAULT 'provisioned' CHECK (origin IN ('provisioned', 'imported'));
            """),
        new(13, "resources projected from a managed cluster's custom resources", """
            ALTER TABLE resources ADD COLUMN cr_cluster TEXT;
            ALTER TABLE resources ADD COLUMN cr_namespace TEXT;
            ALTER TABLE resources ADD COLUMN cr_name TEXT;
            CREATE INDEX resources_cr ON resources (cr_cluster) WHERE cr_cluster IS NOT NULL;
            """),
        new(14, "K3s upgrades: runs and their nodes, so a hub restart reports or resumes one", """
            CREATE TABLE upgrade_runs (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                cluster       TEXT NOT NULL REFERENCES clusters (name) ON DELETE CASCADE,
                kind          TEXT NOT NULL CHECK (kind IN ('upgrade', 'rollback')),
                from_version  TEXT NOT NULL,
                to_version    TEXT NOT NULL,
                concurrency   INTEGER NOT NULL,
                drain_timeout_ms INTEGER NOT NULL,
                state         TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
                detail        TEXT NOT NULL DEFAULT '',
                started_at    INTEGER NOT NULL,
                ended_at      INTEGER
            );
            CREATE INDEX upgrade_runs_cluster ON upgrade_runs (cluster, id);
            CREATE TABLE upgrade_nodes (
                run           INTEGER NOT NULL REFERENCES upgrade_runs (id) ON DELETE CASCADE,
                target        TEXT NOT NULL,
                role          TEXT NOT NULL CHECK (role IN ('server', 'agent')),
                position      INTEGER NOT NULL,
                kube_node     TEXT NOT NULL,
                from_version  TEXT NOT NULL,
                binary_sha256 TEXT,
                images_file   TEXT,
                images_sha256 TEXT,
                previous_sha256 TEXT,
                state         TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'skipped', 'failed')),
                step          TEXT NOT NULL DEFAULT '',
                was_unschedulable INTEGER NOT NULL DEFAULT 0,
                error         TEXT NOT NULL DEFAULT '',
                next_action   TEXT NOT NULL DEFAULT '',
                updated_at    INTEGER NOT NULL,
                PRIMARY KEY (run, target)
            );
            """),
        new(15, "cluster policies: throttle taints, membership repair, namespace quotas", """
            CREATE TABLE cluster_policies (
                cluster     TEXT PRIMARY KEY REFERENCES clusters (name) ON DELETE CASCADE,
                policy      TEXT NOT NULL,
                updated_at  INTEGER NOT NULL
            );
            """),
        new(16, "etcd snapshots: a schedule per cluster and the snapshots seen on its servers", """
            CREATE TABLE snapshot_schedules (
                cluster       TEXT PRIMARY KEY REFERENCES clusters (name) ON DELETE CASCADE,
                cron          TEXT NOT NULL,
                retention     INTEGER NOT NULL CHECK (retention BETWEEN 1 AND 1000),
                last_run_at   INTEGER,
                last_error    TEXT NOT NULL DEFAULT '',
                updated_at    INTEGER NOT NULL
            );
            CREATE TABLE etcd_snapshots (
                cluster       TEXT NOT NULL REFERENCES clusters (name) ON DELETE CASCADE,
                name          TEXT NOT NULL,
                node          TEXT NOT NULL,
                location      TEXT NOT NULL,
                size          INTEGER NOT NULL,
                created_at    INTEGER NOT NULL,
                seen_at       INTEGER NOT NULL,
                PRIMARY KEY (cluster, name)
            );
            """),
        new(17, "K3s upgrades: how long a node may take to be Ready again, per run", """
            ALTER TABLE upgrade_runs ADD COLUMN ready_timeout_ms INTEGER NOT NULL DEFAULT 600000;
            """),
    ];
}
