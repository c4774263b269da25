namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>A cluster's etcd snapshots as the API shows them: the ones last seen on its servers (newest first), and its schedule.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Node">The server the last action ran on; null when none ran in this answer.</param>
/// <param name="Changed">The action saved or pruned a snapshot.</param>
/// <param name="Detail">K3s's own last words about the action.</param>
/// <param name="Schedule">The hub's schedule for the cluster; null when it has none.</param>
/// <param name="Snapshots">The snapshots, newest first.</param>
internal sealed record SnapshotsView(string Cluster, string? Node, bool Changed, string Detail, SnapshotScheduleView? Schedule, IReadOnlyList<SnapshotView> Snapshots);

/// <summary>One snapshot: its name, the server it is on, where, its size in bytes, when K3s took it.</summary>
internal sealed record SnapshotView(string Name, string Node, string Location, long Size, DateTimeOffset CreatedAt);

/// <summary>The schedule: cron text, on-demand snapshots kept, the next run, the last one and its error.</summary>
internal sealed record SnapshotScheduleView(string Cron, int Retention, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt, string LastError);
