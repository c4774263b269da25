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

/// <summary>cluster.snapshot: a save or prune done (<paramref name="Succeeded"/>) or refused, by hand or by the schedule.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Node">The server it ran on; null when it was refused before one ran it.</param>
/// <param name="Action">save or prune.</param>
/// <param name="Scheduled">The cluster's schedule ran it.</param>
/// <param name="Succeeded">False: refused or failed; <paramref name="Detail"/> says why.</param>
/// <param name="Changed">A snapshot was saved, or at least one pruned.</param>
/// <param name="Detail">K3s's last words, or the reason it was refused.</param>
/// <param name="Snapshots">How many snapshots the hub knows of the cluster afterwards; null when refused.</param>
internal sealed record SnapshotEventPayload(string Cluster, string? Node, string Action, bool Scheduled, bool Succeeded, bool Changed, string Detail, int? Snapshots);
