using System.Security.Cryptography;
using System.Text;
using PiController.Hub.Api;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Manager;

/// <summary>
/// Runs one <see cref="ClusterController"/> per managed cluster: a provisioned cluster in state ready with its
/// kubeconfig, and every imported one. It starts them when the hub starts and reads the clusters table again every
/// <see cref="ClusterManagerOptions.Refresh"/> (and at once on <see cref="Refresh"/>), so a cluster that becomes ready
/// is managed, a deleted one stops, and a changed kubeconfig restarts its controller.
/// </summary>
internal sealed partial class ClusterManager(ClusterStore clusters, ClusterVault vault, IKubeApiFactory apis, IEnumerable<IClusterPart> parts,
    ClusterManagerOptions options, KubeMetrics metrics, NodeStore nodes, TimeProvider time, ILogger<ClusterManager> logger)
    : BackgroundService, IClusterManager
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClusterController> _running = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IClusterPart> _parts = [.. parts];

    public IReadOnlyList<ClusterContext> Running
    {
        get
        {
            lock (_gate)
            {
                return [.. _running.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];
            }
        }
    }

    public ClusterContext? Find(string cluster) => Controller(cluster);

    public string? ClusterOf(string nodeId)
    {
        if (clusters.ClusterOf(new NodeTarget(NodeTransportKind.Agent, nodeId)) is { } planned && Controller(planned) is not null)
        {
            return planned;
        }
        return Running.FirstOrDefault(c => c.KubernetesNodeOf(nodeId) is not null)?.Name;
    }

    public void Enqueue(string cluster, string part, string key) => Controller(cluster)?.Enqueue(part, key);

    public void Refresh(string cluster)
    {
        var wanted = Wanted(cluster);
        ClusterController? stale = null;
        lock (_gate)
        {
            _running.TryGetValue(cluster, out var current);
            if (current is not null && current.Fingerprint == wanted?.Fingerprint)
            {
                return;
            }
            if (current is not null)
            {
                _running.Remove(cluster);
                stale = current;
            }
            if (wanted is { } w && Open(cluster, w.Sealed) is { } kubeconfig && Connect(cluster, kubeconfig) is { } api)
            {
                var controller = new ClusterController(api, w.Fingerprint, _parts, options, metrics, nodes, time, logger);
                _running[cluster] = controller;
                controller.Start();
                Starting(logger, cluster, stale is null ? "managed" : "its kubeconfig changed");
            }
            else if (stale is not null)
            {
                Stopping(logger, cluster);
            }
        }
        if (stale is not null)
        {
            _ = stale.DisposeAsync().AsTask();
        }
    }

    /// <summary>The manager's view of a cluster for the API; NotFound when the hub has no such cluster.</summary>
    public ClusterManagerStatus Status(string cluster)
    {
        if (clusters.Get(cluster) is null)
        {
            throw new HubException(HubErrorKind.NotFound, $"no cluster {TextRules.Excerpt(cluster)}; pi-controller cluster ls lists them");
        }
        return Controller(cluster)?.Status() ?? ClusterManagerStatus.NotManaged(cluster);
    }

    /// <summary>The Kubernetes nodes of a managed cluster with the hub nodes they matched; empty when it is not managed or not yet synced.</summary>
    public IReadOnlyList<NodeMatch> Matches(string cluster) => Controller(cluster) is { Synced: true } c ? c.Matches() : [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Refresh, time);
        do
        {
            try
            {
                RefreshAll();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The next tick tries again; a failed pass must not stop the hub (a faulted BackgroundService would).
                RefreshFailed(logger, e.Message);
            }
        }
        while (await Tick(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Brings the controllers in step with the clusters table: starts the clusters that became managed, stops the
    /// deleted ones, restarts those whose kubeconfig changed; and has node matching read the hub's nodes again. The
    /// provisioner sits below this layer and cannot call <see cref="Refresh"/>; import calls it at once.
    /// </summary>
    public void RefreshAll()
    {
        var names = clusters.List().Select(c => c.Name).Concat(Controllers().Select(c => c.Name)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            Refresh(name);
        }
        foreach (var controller in Controllers())
        {
            controller.HubNodesChanged();
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        List<ClusterController> all;
        lock (_gate)
        {
            all = [.. _running.Values];
            _running.Clear();
        }
        await Task.WhenAll(all.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private ClusterController? Controller(string cluster)
    {
        lock (_gate)
        {
            return _running.GetValueOrDefault(cluster);
        }
    }

    private List<ClusterController> Controllers()
    {
        lock (_gate)
        {
            return [.. _running.Values];
        }
    }

    /// <summary>The sealed kubeconfig to manage a cluster with and its fingerprint, or null when it is not to be managed (absent, not ready, no kubeconfig yet).</summary>
    private (string Sealed, string Fingerprint)? Wanted(string cluster) =>
        clusters.Get(cluster) is { } record && IsManaged(record) && clusters.SealedKubeconfig(cluster) is { } sealedKubeconfig
            ? (sealedKubeconfig, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sealedKubeconfig))))
            : null;

    private string? Open(string cluster, string sealedKubeconfig)
    {
        try
        {
            return vault.OpenKubeconfig(cluster, sealedKubeconfig);
        }
        catch (HubException e)
        {
            CannotManage(logger, cluster, e.Message);
            return null;
        }
    }

    /// <summary>
    /// The cluster's API from its kubeconfig, or null (logged) when the kubeconfig cannot be used: one cluster's bad
    /// kubeconfig never stops the manager, the other clusters or the hub.
    /// </summary>
    private IKubeApi? Connect(string cluster, string kubeconfig)
    {
        try
        {
            return apis.Create(cluster, kubeconfig);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            CannotManage(logger, cluster, e.Message);
            return null;
        }
    }

    public static bool IsManaged(ClusterRecord cluster) => cluster.HasKubeconfig && (cluster.Origin == ClusterOrigins.Imported || cluster.State == ClusterStates.Ready);

    [LoggerMessage(1520, LogLevel.Information, "Cluster {Cluster}: its controller starts ({Why})")]
    private static partial void Starting(ILogger logger, string cluster, string why);

    [LoggerMessage(1521, LogLevel.Information, "Cluster {Cluster}: its controller stops (the cluster is no longer ready, or was deleted)")]
    private static partial void Stopping(ILogger logger, string cluster);

    [LoggerMessage(1522, LogLevel.Error, "Cluster {Cluster}: cannot be managed: {Reason}")]
    private static partial void CannotManage(ILogger logger, string cluster, string reason);

    [LoggerMessage(1531, LogLevel.Error, "The cluster manager could not read the clusters (tried again at the next refresh): {Reason}")]
    private static partial void RefreshFailed(ILogger logger, string reason);
}
