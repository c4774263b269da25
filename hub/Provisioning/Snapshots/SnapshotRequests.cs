namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>POST /api/v1/clusters/{name}/snapshots: save a snapshot now on the cluster's first Ready server.</summary>
/// <param name="Name">The name's prefix (K3s names it PREFIX-NODE-UNIXTIME); null: on-demand.</param>
internal sealed record SaveSnapshotRequest(string? Name);

/// <summary>POST /api/v1/clusters/{name}/snapshots/prune: keep the newest on-demand snapshots, remove the rest.</summary>
/// <param name="Retention">How many to keep; null: the schedule's retention, else K3s's default (5).</param>
internal sealed record PruneSnapshotsRequest(int? Retention);

/// <summary>PUT /api/v1/clusters/{name}/snapshots/schedule: when the hub saves and prunes the cluster's snapshots.</summary>
/// <param name="Cron">Five-field cron text (UTC); null: K3s's default, "0 */12 * * *".</param>
/// <param name="Retention">On-demand snapshots kept after each run; null: 5, as K3s.</param>
internal sealed record SnapshotScheduleRequest(string? Cron, int? Retention);
