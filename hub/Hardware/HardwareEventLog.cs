using System.Collections.Concurrent;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// The last pin edges and sensor readings each node sent, in memory (the persisted event bus with WebSocket
/// clients comes later). Bounded per node; the oldest go first.
/// </summary>
internal sealed partial class HardwareEventLog(TimeProvider time, ILogger<HardwareEventLog> logger)
{
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<string, NodeEvents> _nodes = new(StringComparer.Ordinal);

    private sealed class NodeEvents
    {
        public readonly Queue<PinEventView> Pins = new();
        public readonly Queue<SensorReadingView> Readings = new();
        public long Dropped;
    }

    public void Record(string nodeId, HardwareEvents events)
    {
        var node = _nodes.GetOrAdd(nodeId, _ => new NodeEvents());
        var now = time.GetUtcNow();
        lock (node)
        {
            node.Dropped += events.Dropped;
            foreach (var e in events.PinEvents)
            {
                var view = new PinEventView((int)e.Bcm, HardwareMapping.Name(e.Edge), e.At?.ToDateTimeOffset() ?? now, e.MonotonicNs, now);
                Add(node.Pins, view);
                PinEdge(logger, nodeId, view.Bcm, view.Edge, view.At);
            }
            foreach (var r in events.Readings)
            {
                Add(node.Readings, HardwareMapping.ToView(nodeId, r));
            }
        }
        if (events.Dropped > 0)
        {
            EventsDropped(logger, nodeId, events.Dropped);
        }
    }

    public PinEventsView PinEvents(string nodeId, int? bcm, int limit)
    {
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            return new PinEventsView(nodeId, 0, []);
        }
        lock (node)
        {
            return new PinEventsView(nodeId, node.Dropped, node.Pins.Where(p => bcm is null || p.Bcm == bcm).TakeLast(limit).ToList());
        }
    }

    public SensorReadingsView Readings(string nodeId, int limit)
    {
        if (!_nodes.TryGetValue(nodeId, out var node))
        {
            return new SensorReadingsView(nodeId, []);
        }
        lock (node)
        {
            return new SensorReadingsView(nodeId, node.Readings.TakeLast(limit).ToList());
        }
    }

    /// <summary>Forgets a node's events (node deleted).</summary>
    public void Forget(string nodeId) => _nodes.TryRemove(nodeId, out _);

    private static void Add<T>(Queue<T> queue, T item)
    {
        queue.Enqueue(item);
        while (queue.Count > Capacity)
        {
            queue.Dequeue();
        }
    }

    [LoggerMessage(40, LogLevel.Information, "Node {NodeId}: GPIO{Bcm} {Edge} edge at {At:O}")]
    private static partial void PinEdge(ILogger logger, string nodeId, int bcm, string edge, DateTimeOffset at);

    [LoggerMessage(41, LogLevel.Warning, "Node {NodeId} dropped {Count} hardware events while its link was down")]
    private static partial void EventsDropped(ILogger logger, string nodeId, uint count);
}
