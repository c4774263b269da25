using System.Collections.Concurrent;
using System.Text.Json;
using PiController.Hub.Events;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.Nodes;

/// <summary>
/// Turns the hub's events into work for the node parts of the cluster a node belongs to: a new hardware report or
/// throttling state, an I2C resource created, deleted or with a new status (Applied or not: <see
/// cref="ResourceStore.StatusesSaved"/>), or the first reading of a sensor type on a node queues that node for
/// <see cref="NodeLabelsPart"/>; a cluster's plan changing has the manager take it on or let it go at once
/// and queues <see cref="MembershipPart"/>. Follows the
/// bus from the id it last saw, so a subscription ended for falling behind resumes without a gap.
/// </summary>
internal sealed partial class ClusterNodeFeed(EventBus bus, ResourceStore resources, IClusterManager manager, ILogger<ClusterNodeFeed> logger) : BackgroundService
{
    private static readonly EventFilter Filter = new(
        new HashSet<string>([EventTypes.NodeStatusChanged, EventTypes.ResourceChanged, EventTypes.I2cReading, EventTypes.ClusterChanged], StringComparer.Ordinal),
        new HashSet<string>(StringComparer.Ordinal));

    private readonly ConcurrentDictionary<(string Node, string Device), bool> _sensorsSeen = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        resources.StatusesSaved += StatusesSaved;
        try
        {
            await FollowAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            resources.StatusesSaved -= StatusesSaved;
        }
    }

    /// <summary>
    /// Queues the nodes of I2C resources whose status the reconciler just stored: a device that became Applied (its
    /// chip's identity checked) gets its sensor label then, not only at the first reading, which may come before.
    /// Called on the store's writer: the lookups run on the thread pool.
    /// </summary>
    public void StatusesSaved(IReadOnlyList<ResourceRef> saved)
    {
        var devices = saved.Where(r => r.Kind == ResourceKind.I2cDevice).ToList();
        if (devices.Count > 0)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    foreach (var node in devices.Select(d => resources.Get(d.Kind, d.Name)?.NodeId).Distinct())
                    {
                        QueueNode(node);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The next hardware report, reading or resync queues the node again.
                    LogStatusesFailed(logger, e.Message);
                }
            });
        }
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        long? since = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = bus.Subscribe(since, Filter);
            try
            {
                await foreach (var e in subscription.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    Handle(e);
                }
                return;
            }
            catch (EventSubscriptionOverflowException)
            {
                LogResumed(logger, subscription.LastDelivered);
            }
            catch (EventBusStoppedException)
            {
                return;
            }
            since = subscription.LastDelivered;
        }
    }

    /// <summary>Queues the work one event asks for (public for tests that feed events by hand).</summary>
    public void Handle(HubEvent e)
    {
        switch (e.Type)
        {
            case EventTypes.NodeStatusChanged when Text(e.Payload, "change") is "hardware" or "throttling":
            case EventTypes.ResourceChanged when Text(e.Payload, "kind") is "I2CDevice":
                QueueNode(e.NodeId);
                break;
            case EventTypes.I2cReading when e.NodeId is { } node && Text(e.Payload, "device") is { Length: > 0 } device && _sensorsSeen.TryAdd((node, device), true):
                QueueNode(node);
                break;
            case EventTypes.ClusterChanged when Text(e.Payload, "cluster") is { Length: > 0 } cluster:
                // A cluster that became ready (or was deleted) is taken on (or let go) now, not at the manager's next pass.
                manager.Refresh(cluster);
                manager.Enqueue(cluster, MembershipPart.PartName, MembershipPart.ClusterKey);
                break;
        }
    }

    private void QueueNode(string? nodeId)
    {
        if (nodeId is null || manager.ClusterOf(nodeId) is not { } cluster || manager.Find(cluster)?.KubernetesNodeOf(nodeId) is not { } name)
        {
            return;
        }
        manager.Enqueue(cluster, NodeLabelsPart.PartName, name);
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster node feed could not queue the nodes of I2C devices with a new status: {Reason}")]
    private static partial void LogStatusesFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster node feed fell behind the event bus; resuming after event {LastId}")]
    private static partial void LogResumed(ILogger logger, long lastId);
}
