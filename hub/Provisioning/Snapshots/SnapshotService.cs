using System.Collections.Concurrent;
using PiController.Hub.Api;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>
/// A cluster's etcd snapshots behind REST, gRPC and the schedule: each action is one typed step (<c>k3s etcd-snapshot
/// save|ls|prune</c>) on the cluster's first Ready server that can be reached (in the plan's order), through its
/// transport; what that server lists afterwards replaces what the hub knew of its snapshots. A server whose datastore
/// is not embedded etcd refuses the action with the reason (a single server on SQLite has nothing to snapshot). One
/// action per cluster at a time: a scheduled run and a manual one queue behind each other.
/// </summary>
internal sealed class SnapshotService(ClusterStore clusters, SnapshotStore store, NodeTransports transports, SnapshotEvents events, ILogger<SnapshotService> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>What the hub last saw, without asking a server.</summary>
    public SnapshotsView Get(string cluster)
    {
        Require(cluster);
        return View(cluster, null, false, "");
    }

    public Task<SnapshotsView> ListAsync(string cluster, CancellationToken cancellationToken) =>
        RunAsync(cluster, new EtcdSnapshotRequest(EtcdSnapshotAction.List), cancellationToken);

    public Task<SnapshotsView> SaveAsync(string cluster, SaveSnapshotRequest request, CancellationToken cancellationToken) =>
        RunAsync(cluster, new EtcdSnapshotRequest(EtcdSnapshotAction.Save, SnapshotRules.Name(request.Name)), cancellationToken);

    public Task<SnapshotsView> PruneAsync(string cluster, PruneSnapshotsRequest request, CancellationToken cancellationToken)
    {
        var retention = request.Retention is { } given ? SnapshotRules.Retention(given)
            : store.Schedule(cluster)?.Retention ?? SnapshotScheduleRecord.DefaultRetention;
        return RunAsync(cluster, new EtcdSnapshotRequest(EtcdSnapshotAction.Prune, Retention: retention), cancellationToken);
    }

    public SnapshotsView SetSchedule(string cluster, SnapshotScheduleRequest request)
    {
        Require(cluster);
        var cron = SnapshotRules.Cron(request.Cron ?? SnapshotScheduleRecord.DefaultCron);
        store.SetSchedule(cluster, cron, SnapshotRules.Retention(request.Retention ?? SnapshotScheduleRecord.DefaultRetention));
        return View(cluster, null, false, "");
    }

    public SnapshotsView RemoveSchedule(string cluster)
    {
        Require(cluster);
        if (!store.RemoveSchedule(cluster))
        {
            throw new HubException(HubErrorKind.NotFound, $"cluster {cluster} has no snapshot schedule; set one with pi-controller cluster snapshot schedule {cluster} --cron \"0 */12 * * *\"");
        }
        return View(cluster, null, false, "");
    }

    /// <summary>
    /// Runs <paramref name="request"/> on the first Ready server that can be reached; the others are tried in order when
    /// one cannot. A save or prune, done or refused, is published as cluster.snapshot (<paramref name="scheduled"/>: by the schedule).
    /// </summary>
    public async Task<SnapshotsView> RunAsync(string cluster, EtcdSnapshotRequest request, CancellationToken cancellationToken, bool scheduled = false)
    {
        try
        {
            var view = await RunOnServerAsync(cluster, request, cancellationToken).ConfigureAwait(false);
            events.Ran(view, request, scheduled);
            return view;
        }
        catch (HubException e) when (e.Kind != HubErrorKind.NotFound)
        {
            events.Refused(cluster, request, scheduled, e.Message);
            throw;
        }
    }

    private async Task<SnapshotsView> RunOnServerAsync(string cluster, EtcdSnapshotRequest request, CancellationToken cancellationToken)
    {
        var record = Require(cluster);
        if (record.State == ClusterStates.Deleting)
        {
            throw new HubException(HubErrorKind.Precondition, $"cluster {cluster} is being deleted; its snapshots go with it");
        }
        var servers = clusters.Nodes(cluster).Where(n => n.Role == K3sRole.Server && n.State == ClusterStates.NodeReady).Select(n => n.Target).ToList();
        if (servers.Count == 0)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"cluster {cluster} has no Ready server to take snapshots on; pi-controller cluster get {cluster} shows where its plan stands");
        }
        var gate = _locks.GetOrAdd(cluster, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var unreachable = new List<string>();
            foreach (var server in servers)
            {
                EtcdSnapshotOutcome outcome;
                try
                {
                    await using var transport = await transports.OpenAsync(server, cancellationToken).ConfigureAwait(false);
                    outcome = await transport.EtcdSnapshotAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (NodeUnreachableException e)
                {
                    SnapshotLog.Unreachable(logger, cluster, request.Text, server.ToString(), e.Message);
                    unreachable.Add($"{server}: {e.Message}");
                    continue;
                }
                return Answer(cluster, server.ToString(), request, outcome);
            }
            throw new HubException(HubErrorKind.Unavailable,
                $"no Ready server of cluster {cluster} could be reached for {request.Text}: {string.Join("; ", unreachable)}");
        }
        finally
        {
            gate.Release();
        }
    }

    private SnapshotsView Answer(string cluster, string server, EtcdSnapshotRequest request, EtcdSnapshotOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            throw new HubException(HubErrorKind.Failed, $"{request.Text} on {server} of cluster {cluster} failed: {error}");
        }
        switch (outcome.Datastore)
        {
            case EtcdDatastore.Sqlite:
                throw new HubException(HubErrorKind.Precondition,
                    $"cluster {cluster} keeps its datastore in SQLite on {server} (a single server started without cluster-init), and K3s takes snapshots of " +
                    $"embedded etcd only: back up {K3sLayout.DataDirectory}/server/db/state.db with the server stopped instead; clusters the hub plans start with cluster-init");
            case EtcdDatastore.None:
                throw new HubException(HubErrorKind.Precondition,
                    $"{server} of cluster {cluster} has no K3s datastore under {K3sLayout.DataDirectory}/server/db (not installed, or an external datastore): " +
                    $"nothing to snapshot there; pi-controller cluster get {cluster} shows its state");
        }
        store.Seen(cluster, server, outcome.Snapshots);
        SnapshotLog.Ran(logger, cluster, request.Text, server, outcome.Detail);
        return View(cluster, server, outcome.Changed, outcome.Detail);
    }

    private SnapshotsView View(string cluster, string? node, bool changed, string detail)
    {
        var schedule = store.Schedule(cluster);
        return new SnapshotsView(cluster, node, changed, detail,
            schedule is null ? null : new SnapshotScheduleView(schedule.Cron, schedule.Retention, schedule.NextRunAt, schedule.LastRunAt, schedule.LastError),
            [.. store.Snapshots(cluster).Select(s => new SnapshotView(s.Name, s.Node, s.Location, s.Size, s.CreatedAt))]);
    }

    private ClusterRecord Require(string cluster) => clusters.Get(cluster) ?? throw new HubException(HubErrorKind.NotFound,
        $"no cluster {TextRules.Excerpt(cluster)}; pi-controller cluster ls lists them");
}
