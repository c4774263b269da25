namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>A row of snapshot_schedules: when the hub saves a cluster's snapshot and how many on-demand snapshots it keeps.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Cron">The schedule, as K3s writes it (<see cref="CronSchedule"/>).</param>
/// <param name="Retention">How many on-demand snapshots a scheduled run keeps (it prunes the older ones).</param>
/// <param name="LastRunAt">When a scheduled run last ended; null before the first.</param>
/// <param name="LastError">Why the last scheduled run failed; empty when it succeeded.</param>
/// <param name="UpdatedAt">When the schedule was set; the first run is the schedule's first time after it.</param>
internal sealed record SnapshotScheduleRecord(string Cluster, string Cron, int Retention, DateTimeOffset? LastRunAt, string LastError, DateTimeOffset UpdatedAt)
{
    /// <summary>K3s's own default schedule (--etcd-snapshot-schedule-cron) and retention (--etcd-snapshot-retention).</summary>
    public const string DefaultCron = "0 */12 * * *";

    public const int DefaultRetention = 5;

    /// <summary>When the next scheduled run is due: the schedule's first time after the last run (or after it was set).</summary>
    public DateTimeOffset? NextRunAt => CronSchedule.Parse(Cron).Next(LastRunAt is { } last && last > UpdatedAt ? last : UpdatedAt);
}
