using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>The snapshot_schedules and etcd_snapshots tables (migration 16); their one writer. Both go with their cluster's row.</summary>
internal sealed class SnapshotStore(HubDatabase database, TimeProvider time)
{
    private const string ScheduleColumns = "cluster, cron, retention, last_run_at, last_error, updated_at";
    private const string SnapshotColumns = "cluster, name, node, location, size, created_at, seen_at";

    public SnapshotScheduleRecord? Schedule(string cluster) =>
        database.Query($"SELECT {ScheduleColumns} FROM snapshot_schedules WHERE cluster = $c", ReadSchedule, ("$c", cluster)).SingleOrDefault();

    public IReadOnlyList<SnapshotScheduleRecord> Schedules() =>
        database.Query($"SELECT {ScheduleColumns} FROM snapshot_schedules ORDER BY cluster", ReadSchedule);

    public void SetSchedule(string cluster, string cron, int retention) =>
        database.Execute("""
            INSERT INTO snapshot_schedules (cluster, cron, retention, updated_at) VALUES ($c, $cron, $r, $now)
            ON CONFLICT (cluster) DO UPDATE SET cron = excluded.cron, retention = excluded.retention, updated_at = excluded.updated_at
            """, ("$c", cluster), ("$cron", cron), ("$r", retention), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));

    public bool RemoveSchedule(string cluster) => database.Execute("DELETE FROM snapshot_schedules WHERE cluster = $c", ("$c", cluster)) > 0;

    public void Ran(string cluster, DateTimeOffset at, string error) =>
        database.Execute("UPDATE snapshot_schedules SET last_run_at = $at, last_error = $e WHERE cluster = $c",
            ("$at", at.ToUnixTimeMilliseconds()), ("$e", error), ("$c", cluster));

    public IReadOnlyList<SnapshotRecord> Snapshots(string cluster) =>
        database.Query($"SELECT {SnapshotColumns} FROM etcd_snapshots WHERE cluster = $c ORDER BY created_at DESC, name", ReadSnapshot, ("$c", cluster));

    /// <summary>What <paramref name="node"/> listed now replaces what the hub knew of that node's snapshots.</summary>
    public void Seen(string cluster, string node, IReadOnlyList<Transport.SnapshotFile> listed)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var transaction = database.Begin();
        database.Execute("DELETE FROM etcd_snapshots WHERE cluster = $c AND node = $n", ("$c", cluster), ("$n", node));
        foreach (var file in listed)
        {
            database.Execute($"""
                INSERT INTO etcd_snapshots ({SnapshotColumns}) VALUES ($c, $name, $n, $l, $s, $created, $now)
                ON CONFLICT (cluster, name) DO UPDATE SET node = excluded.node, location = excluded.location, size = excluded.size,
                    created_at = excluded.created_at, seen_at = excluded.seen_at
                """, ("$c", cluster), ("$name", file.Name), ("$n", node), ("$l", file.Location), ("$s", file.Size),
                ("$created", file.Created.ToUnixTimeMilliseconds()), ("$now", now));
        }
        transaction.Commit();
    }

    private static SnapshotScheduleRecord ReadSchedule(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt32(2),
        r.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), r.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));

    private static SnapshotRecord ReadSnapshot(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)));
}
