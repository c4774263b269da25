using System.Collections.Concurrent;

namespace PiController.Hub.Hardware;

/// <summary>
/// The per-node budget on hardware events an agent sends: in each window (<see cref="HardwareEventLimits.Window"/>,
/// starting at a node's first event after the previous window ended) at most
/// <see cref="HardwareEventLimits.PerWindow"/> input edges and as many sensor readings are admitted; the rest are
/// counted, not stored. A noisy input with both edges then costs at most one budget of rows per window, and a flood
/// of edges cannot crowd out readings. A window that dropped anything (here, or on the agent while its link was
/// down) is reported once, when it ends: one summary per window, not one line per dropped edge.
/// </summary>
internal sealed class HardwareEventBudget(TimeProvider time, HardwareEventLimits limits, Action<DroppedHardwareEvents> report)
{
    private readonly ConcurrentDictionary<string, NodeWindow> _nodes = new(StringComparer.Ordinal);

    public bool TryAdmitEdge(string nodeId) => TryAdmit(nodeId, edge: true);

    public bool TryAdmitReading(string nodeId) => TryAdmit(nodeId, edge: false);

    /// <summary>Counts what the agent dropped from its own queue into the current window's summary.</summary>
    public void AddAgentDropped(string nodeId, long count)
    {
        var now = time.GetUtcNow();
        var window = _nodes.GetOrAdd(nodeId, _ => new NodeWindow(now));
        DroppedHardwareEvents? ended;
        lock (window)
        {
            ended = RollIfEnded(nodeId, window, now);
            window.AgentDropped += count;
            ScheduleReport(nodeId, window, now);
        }
        Report(ended);
    }

    private bool TryAdmit(string nodeId, bool edge)
    {
        var now = time.GetUtcNow();
        var window = _nodes.GetOrAdd(nodeId, _ => new NodeWindow(now));
        DroppedHardwareEvents? ended;
        bool admitted;
        lock (window)
        {
            ended = RollIfEnded(nodeId, window, now);
            ref var admittedSoFar = ref edge ? ref window.Edges : ref window.Readings;
            admitted = admittedSoFar < limits.PerWindow;
            if (admitted)
            {
                admittedSoFar++;
            }
            else
            {
                if (edge)
                {
                    window.DroppedEdges++;
                }
                else
                {
                    window.DroppedReadings++;
                }
                ScheduleReport(nodeId, window, now);
            }
        }
        Report(ended);
        return admitted;
    }

    private DroppedHardwareEvents? RollIfEnded(string nodeId, NodeWindow window, DateTimeOffset now)
    {
        if (now < window.Start + limits.Window)
        {
            return null;
        }
        var ended = Take(nodeId, window, window.Start + limits.Window);
        window.Start = now;
        window.Edges = window.Readings = 0;
        return ended;
    }

    /// <summary>A timer at the window's end, so the summary comes even when the node sends nothing more.</summary>
    private void ScheduleReport(string nodeId, NodeWindow window, DateTimeOffset now)
    {
        if (window.Timer is not null)
        {
            return;
        }
        var due = window.Start + limits.Window - now;
        window.Timer = time.CreateTimer(_ => OnWindowEnd(nodeId, window), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void OnWindowEnd(string nodeId, NodeWindow window)
    {
        DroppedHardwareEvents? ended;
        lock (window)
        {
            ended = Take(nodeId, window, window.Start + limits.Window);
        }
        Report(ended);
    }

    /// <summary>Takes the window's drop counts (null when it dropped nothing) and cancels its timer.</summary>
    private static DroppedHardwareEvents? Take(string nodeId, NodeWindow window, DateTimeOffset end)
    {
        window.Timer?.Dispose();
        window.Timer = null;
        if (window.DroppedEdges + window.DroppedReadings + window.AgentDropped == 0)
        {
            return null;
        }
        var dropped = new DroppedHardwareEvents(nodeId, window.Start, end, window.DroppedEdges, window.DroppedReadings, window.AgentDropped);
        window.DroppedEdges = window.DroppedReadings = window.AgentDropped = 0;
        return dropped;
    }

    private void Report(DroppedHardwareEvents? dropped)
    {
        if (dropped is not null)
        {
            report(dropped);
        }
    }

    private sealed class NodeWindow(DateTimeOffset start)
    {
        public DateTimeOffset Start = start;
        public int Edges;
        public int Readings;
        public long DroppedEdges;
        public long DroppedReadings;
        public long AgentDropped;
        public ITimer? Timer;
    }
}

/// <summary>What one node's window dropped: over the hub's budget (edges, readings) and on the agent (its queue was full).</summary>
internal sealed record DroppedHardwareEvents(string NodeId, DateTimeOffset From, DateTimeOffset To, long Edges, long Readings, long AgentQueue)
{
    public long Total => Edges + Readings + AgentQueue;
}
