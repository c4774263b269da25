using System.Security.Cryptography;
using System.Text;
using PiController.Hub.Api;
using PiController.Hub.Events;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Manager;

/// <summary>
/// Runs one <see cref="ClusterController"/> per managed cluster: a provisioned cluster in state ready with its
/// kubeconfig, and every imported one. It starts them when the hub starts, and follows cluster.changed events (the
/// provisioner publishes one when a plan ends ready, fails, or a cluster is deleted; import publishes one too), so a
/// cluster that becomes ready is managed, a deleted one stops, and a changed kubeconfig restarts its controller.
/// </summary>
internal sealed partial class ClusterManager(ClusterStore clusters, ClusterVault vault, IKubeApiFactory apis, IEnumerable<IClusterPart> parts,
    ClusterManagerOptions options, KubeMetrics metrics, NodeStore nodes, EventBus bus, TimeProvider time, ILogger<ClusterManager> logger)
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
            if (wanted is { } w)
            {
                var controller = new ClusterController(apis.Create(cluster, w.Kubeconfig), w.Fingerprint, _parts, options, metrics, nodes, time, logger);
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
        using var subscription = bus.Subscribe(null, new EventFilter(new HashSet<string>([EventTypes.ClusterChanged, EventTypes.NodeConnected], StringComparer.Ordinal),
            new HashSet<string>(StringComparer.Ordinal)));
        foreach (var cluster in clusters.List())
        {
            Refresh(cluster.Name);
        }
        try
        {
            await foreach (var e in subscription.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (e.Type == EventTypes.ClusterChanged && e.Payload.TryGetProperty("cluster", out var name) && name.GetString() is { } cluster)
                {
                    Refresh(cluster);
                }
                else
                {
                    foreach (var controller in Controllers())
                    {
                        controller.HubNodesChanged();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
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

    /// <summary>The kubeconfig to manage a cluster with, or null when it is not to be managed (absent, not ready, no kubeconfig yet).</summary>
    private (string Kubeconfig, string Fingerprint)? Wanted(string cluster)
    {
        if (clusters.Get(cluster) is not { } record || !IsManaged(record) || clusters.SealedKubeconfig(cluster) is not { } sealedKubeconfig)
        {
            return null;
        }
        try
        {
            var kubeconfig = vault.OpenKubeconfig(cluster, sealedKubeconfig);
            return (kubeconfig, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kubeconfig))));
        }
        catch (HubException e)
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
}
