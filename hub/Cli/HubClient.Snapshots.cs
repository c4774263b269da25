using PiController.Hub.Provisioning.Snapshots;

namespace PiController.Hub.Cli;

/// <summary>etcd snapshots of a cluster (/api/v1/clusters/{name}/snapshots): save, list, prune, and the schedule.</summary>
internal sealed partial class HubClient
{
    private static string SnapshotsPath(string cluster) => $"{ClustersPath}/{Escape(cluster)}/snapshots";

    /// <summary>With <paramref name="refresh"/>, the hub asks the cluster's first Ready server (k3s etcd-snapshot ls) first.</summary>
    public Task<SnapshotsView> ListSnapshotsAsync(string cluster, bool refresh, CancellationToken cancellationToken) =>
        GetAsync(SnapshotsPath(cluster) + (refresh ? "?refresh=true" : ""), HubJsonContext.Default.SnapshotsView, cancellationToken);

    public Task<SnapshotsView> SaveSnapshotAsync(string cluster, SaveSnapshotRequest request, CancellationToken cancellationToken) =>
        PostAsync(SnapshotsPath(cluster), request, HubJsonContext.Default.SaveSnapshotRequest, HubJsonContext.Default.SnapshotsView, cancellationToken);

    public Task<SnapshotsView> PruneSnapshotsAsync(string cluster, PruneSnapshotsRequest request, CancellationToken cancellationToken) =>
        PostAsync(SnapshotsPath(cluster) + "/prune", request, HubJsonContext.Default.PruneSnapshotsRequest, HubJsonContext.Default.SnapshotsView, cancellationToken);

    public Task<SnapshotsView> SetSnapshotScheduleAsync(string cluster, SnapshotScheduleRequest request, CancellationToken cancellationToken) =>
        PutAsync(SnapshotsPath(cluster) + "/schedule", request, HubJsonContext.Default.SnapshotScheduleRequest, HubJsonContext.Default.SnapshotsView, cancellationToken);

    public Task<SnapshotsView> RemoveSnapshotScheduleAsync(string cluster, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, SnapshotsPath(cluster) + "/schedule", HubJsonContext.Default.SnapshotsView, cancellationToken);
}
