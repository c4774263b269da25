using System.Collections.Concurrent;
using System.Text.Json;
using PiController.Hub.Events;
using PiController.Hub.Hardware;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// Queues a custom resource again when the hub side of its projection changed: the reconciler stored a new status or
/// settled a release (<see cref="ResourceStore.StatusesSaved"/>: at once), an input edge on its pin or a reading of its
/// device arrived on the event bus (bounded by <see cref="LiveStatusThrottle"/>).
/// </summary>
internal sealed class ProjectionFeed(ResourceStore store, EventBus bus, IClusterManager manager, LiveStatusThrottle throttle) : BackgroundService
{
    private readonly ConcurrentDictionary<(ResourceKind, string), CustomResourceSource?> _sources = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        store.StatusesSaved += Saved;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await FollowAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (EventSubscriptionOverflowException)
                {
                    // Fell behind a burst: follow again from now; the next edge or reading brings the status up to date.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            store.StatusesSaved -= Saved;
        }
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        var types = new HashSet<string>(StringComparer.Ordinal) { EventTypes.GpioStateChanged, EventTypes.I2cReading };
        using var subscription = bus.Subscribe(null, new EventFilter(types, new HashSet<string>(StringComparer.Ordinal)));
        await foreach (var e in subscription.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            if (Live(e) is { } resource && Source(resource) is { } source)
            {
                throttle.Offer($"{source.Cluster}/{CustomResourceKinds.OwnKey(resource.Kind, source.Namespace, source.Name)}", () => Enqueue(resource.Kind, source));
            }
        }
    }

    private void Saved(IReadOnlyList<ResourceRef> changed)
    {
        foreach (var resource in changed)
        {
            if (Source(resource) is { } source)
            {
                Enqueue(resource.Kind, source);
            }
        }
    }

    private void Enqueue(ResourceKind kind, CustomResourceSource source) =>
        manager.Enqueue(source.Cluster, GpioResourcesPart.PartName, CustomResourceKinds.OwnKey(kind, source.Namespace, source.Name));

    /// <summary>A projection's source never changes (its name is derived from it), so it is looked up once.</summary>
    private CustomResourceSource? Source(ResourceRef resource) =>
        _sources.GetOrAdd((resource.Kind, resource.Name), key => store.Get(key.Item1, key.Item2)?.Source);

    /// <summary>The resource an edge (gpio.state.changed from source edge) or an interval reading (i2c.reading from source watch) belongs to.</summary>
    private ResourceRef? Live(HubEvent e)
    {
        var source = e.Payload.TryGetProperty("source", out var s) ? s.GetString() : null;
        if (e.Type == EventTypes.GpioStateChanged)
        {
            return source == HardwareEventPublisher.EdgeSource && e.Payload.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.String
                ? new ResourceRef(ResourceKind.GpioPin, r.GetString()!) : null;
        }
        if (source != HardwareEventPublisher.WatchSource || e.NodeId is null)
        {
            return null;
        }
        var reading = e.Payload.Deserialize(EventsJsonContext.Default.I2cReadingPayload)!;
        var address = SpecRules.Address(reading.Address);
        return address is null ? null : store.ClaimHolder(e.NodeId, ValidSpec.I2cClaim((uint)reading.Bus, address.Value));
    }
}
