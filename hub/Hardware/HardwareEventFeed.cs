using System.Collections.Concurrent;
using System.Text.Json;
using PiController.Hub.Events;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// What agents report on the event bus: the edges and interval readings they send, published through
/// <see cref="HardwareEventPublisher"/>, and read back from the event store for the per-node event routes. What an
/// agent sends passes a per-node <see cref="HardwareEventBudget"/> first; what it drops is summarized as one
/// hardware.events.dropped per window.
/// </summary>
internal sealed partial class HardwareEventFeed
{
    /// <summary>The most a per-node event route returns at once.</summary>
    public const int MaxEvents = EventStore.MaxPage;

    private const string EdgeSource = HardwareEventPublisher.EdgeSource;
    private const string WatchSource = HardwareEventPublisher.WatchSource;

    private readonly EventBus _bus;
    private readonly HardwareEventPublisher _publish;
    private readonly IManagedHardware _managed;
    private readonly ILogger<HardwareEventFeed> _logger;
    private readonly HardwareEventBudget _budget;
    private readonly HardwareEventLimits _limits;
    private readonly ConcurrentDictionary<string, long> _dropped = new(StringComparer.Ordinal);

    public HardwareEventFeed(EventBus bus, HardwareEventPublisher publish, IManagedHardware managed, TimeProvider time, HardwareEventLimits limits, ILogger<HardwareEventFeed> logger)
    {
        _bus = bus;
        _publish = publish;
        _managed = managed;
        _logger = logger;
        _limits = limits;
        _budget = new HardwareEventBudget(time, limits, ReportDropped);
    }

    /// <summary>Publishes what an agent reported, within the node's budget: each input edge and each interval reading.</summary>
    public async ValueTask RecordAsync(string nodeId, HardwareEvents events, CancellationToken cancellationToken)
    {
        // One lookup per pin and message, not per edge: a bouncing input sends many edges of one pin at once.
        var holders = new Dictionary<uint, string?>();
        foreach (var e in events.PinEvents)
        {
            if (!_budget.TryAdmitEdge(nodeId))
            {
                CountDropped(nodeId, 1);
                continue;
            }
            PinEdge(_logger, nodeId, (int)e.Bcm, PinText.Edge(e.Edge), e.At?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch);
            // An edge on a pin a GPIOPin resource manages names that resource, so a client can follow "door" by name.
            if (!holders.TryGetValue(e.Bcm, out var resource))
            {
                resource = holders[e.Bcm] = _managed.PinHolder(nodeId, (int)e.Bcm)?.Name;
            }
            await _publish.EdgeAsync(nodeId, e, resource, cancellationToken).ConfigureAwait(false);
        }
        foreach (var r in events.Readings)
        {
            if (_budget.TryAdmitReading(nodeId))
            {
                await _publish.ReadingAsync(nodeId, r, WatchSource, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                CountDropped(nodeId, 1);
            }
        }
        if (events.Dropped > 0)
        {
            CountDropped(nodeId, events.Dropped);
            _budget.AddAgentDropped(nodeId, events.Dropped);
        }
    }

    private void CountDropped(string nodeId, long count) => _dropped.AddOrUpdate(nodeId, count, (_, total) => total + count);

    /// <summary>One window's drops (already counted for the per-node routes): logged once, published once.</summary>
    private void ReportDropped(DroppedHardwareEvents dropped)
    {
        EventsDropped(_logger, dropped.NodeId, dropped.Edges, dropped.Readings, dropped.AgentQueue, dropped.From, dropped.To);
        var overBudget = dropped.Edges + dropped.Readings;
        var detail = string.Join("; ", new[]
        {
            overBudget > 0
                ? $"node {dropped.NodeId} sent more than {_limits.PerWindow} input edges or readings in {_limits.Window.TotalSeconds:0.#} s and {overBudget} were not stored (a noisy input wants pi-controller gpio config NODE PIN --debounce-ms 5, or a single --edge)"
                : "",
            dropped.AgentQueue > 0 ? $"its agent dropped {dropped.AgentQueue} from its full queue while its link was down" : "",
        }.Where(part => part.Length > 0));
        var payload = new HardwareEventsDroppedPayload(dropped.Edges, dropped.Readings, dropped.AgentQueue, dropped.From, dropped.To, _limits.PerWindow, detail);
        // From the link's reader or the window's timer: never wait here. The bus only makes a publisher wait when
        // its queue is full, and then this summary follows once there is room.
        var published = _bus.PublishAsync(EventTypes.HardwareEventsDropped, dropped.NodeId, payload, EventsJsonContext.Default.HardwareEventsDroppedPayload);
        if (!published.IsCompleted)
        {
            _ = published.AsTask();
        }
    }

    /// <summary>The newest input edges a node reported (of one pin, or all), oldest first.</summary>
    public PinEventsView PinEvents(string nodeId, int? bcm, int limit)
    {
        var events = _bus.Store.Latest(Only(EventTypes.GpioStateChanged, nodeId), e => IsEdge(e, bcm), limit);
        return new PinEventsView(nodeId, _dropped.GetValueOrDefault(nodeId), events.Reverse().Select(e =>
        {
            var p = e.Payload.Deserialize(EventsJsonContext.Default.GpioStateChangedPayload)!;
            return new PinEventView(p.Bcm, p.Edge!, p.AgentAt ?? e.At, p.AgentMonotonicNs ?? 0, e.At);
        }).ToList());
    }

    /// <summary>The newest interval readings a node sent, oldest first.</summary>
    public SensorReadingsView Readings(string nodeId, int limit)
    {
        var events = _bus.Store.Latest(Only(EventTypes.I2cReading, nodeId), e => Source(e) == WatchSource, limit);
        return new SensorReadingsView(nodeId, events.Reverse().Select(e =>
        {
            var p = e.Payload.Deserialize(EventsJsonContext.Default.I2cReadingPayload)!;
            return new SensorReadingView(nodeId, p.Bus, p.Address, p.Device, p.At, p.Values);
        }).ToList());
    }

    /// <summary>The newest reading of one device (from a watch or a read through the API), or null.</summary>
    public SensorReadingView? LatestReading(string nodeId, long i2cBus, string address)
    {
        // Bounded: a device whose last reading is older than the newest few thousand of the node's readings shows none.
        var found = _bus.Store.Latest(Only(EventTypes.I2cReading, nodeId), e => IsDevice(e, i2cBus, address), 1, scanLimit: 4 * EventStore.MaxPage);
        if (found.Count == 0)
        {
            return null;
        }
        var p = found[0].Payload.Deserialize(EventsJsonContext.Default.I2cReadingPayload)!;
        return new SensorReadingView(nodeId, p.Bus, p.Address, p.Device, p.At, p.Values);
    }

    private static bool IsDevice(HubEvent e, long i2cBus, string address) =>
        e.Payload.TryGetProperty("bus", out var b) && b.GetInt64() == i2cBus
        && e.Payload.TryGetProperty("address", out var a) && string.Equals(a.GetString(), address, StringComparison.OrdinalIgnoreCase);

    private static EventFilter Only(string type, string nodeId) =>
        new(new HashSet<string>(StringComparer.Ordinal) { type }, new HashSet<string>(StringComparer.Ordinal) { nodeId });

    private static string? Source(HubEvent e) => e.Payload.TryGetProperty("source", out var s) ? s.GetString() : null;

    private static bool IsEdge(HubEvent e, int? bcm) =>
        Source(e) == EdgeSource && (bcm is null || (e.Payload.TryGetProperty("bcm", out var b) && b.GetInt32() == bcm));

    [LoggerMessage(40, LogLevel.Debug, "Node {NodeId}: GPIO{Bcm} {Edge} edge at {At:O}")]
    private static partial void PinEdge(ILogger logger, string nodeId, int bcm, string edge, DateTimeOffset at);

    [LoggerMessage(41, LogLevel.Warning, "Node {NodeId}: {Edges} input edges and {Readings} readings over its budget, and {AgentQueue} events its agent could not queue, were dropped between {From:O} and {To:O}")]
    private static partial void EventsDropped(ILogger logger, string nodeId, long edges, long readings, long agentQueue, DateTimeOffset from, DateTimeOffset to);
}
