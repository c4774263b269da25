using PiController.Protocol.Link;

namespace PiController.Hub.Events;

/// <summary>Publishes the node.* events, one method per moment, so every publisher fills a payload the same way.</summary>
internal sealed class NodeEvents(EventBus bus) : Security.INodeStatusEvents
{
    /// <summary>A machine seen for the first time (a new row of <c>pi-controller discover</c>).</summary>
    public void Discovered(NodeDiscoveredPayload machine) =>
        bus.Publish(EventTypes.NodeDiscovered, machine.NodeId, machine, EventsJsonContext.Default.NodeDiscoveredPayload);

    public void Connected(Hello hello, string remoteAddress) =>
        bus.Publish(EventTypes.NodeConnected, hello.NodeId,
            new NodeConnectedPayload(remoteAddress, hello.AgentVersion, hello.System?.Hostname ?? "", hello.System?.Board ?? ""),
            EventsJsonContext.Default.NodeConnectedPayload);

    public void Disconnected(string nodeId, string remoteAddress, TimeSpan connectedFor, string reason) =>
        bus.Publish(EventTypes.NodeDisconnected, nodeId,
            new NodeDisconnectedPayload(remoteAddress, (long)connectedFor.TotalMilliseconds, reason),
            EventsJsonContext.Default.NodeDisconnectedPayload);

    public void StatusChanged(string nodeId, string change, string? from, string? to, string detail) =>
        bus.Publish(EventTypes.NodeStatusChanged, nodeId, new NodeStatusChangedPayload(change, from, to, detail), EventsJsonContext.Default.NodeStatusChangedPayload);

    /// <summary>
    /// A new hardware report: "throttling" when the firmware's throttling flags changed, "hardware" when anything
    /// else in the report did (both when both did).
    /// </summary>
    public void HardwareChanged(string nodeId, HardwareReport? previous, HardwareReport current)
    {
        var before = Throttling(previous?.Throttling);
        var after = Throttling(current.Throttling);
        if (before != after)
        {
            StatusChanged(nodeId, "throttling", before, after, $"firmware throttling flags are now: {after}");
        }
        if (previous is null || !WithoutThrottling(previous).Equals(WithoutThrottling(current)))
        {
            StatusChanged(nodeId, "hardware", null, null,
                $"new hardware report: {current.GpioChips.Count} GPIO chip(s), {current.I2CBuses.Count} I2C bus(es), {current.PwmChips.Count} PWM chip(s); pi-controller nodes hardware {nodeId} shows it");
        }
    }

    /// <summary>The flags that are set, comma separated; "none" when none, "unknown" when the system exposes none.</summary>
    public static string Throttling(ThrottleState? state)
    {
        if (state is null)
        {
            return "unknown";
        }
        var flags = new List<string>();
        Add(state.HasUnderVoltageNow && state.UnderVoltageNow, "under-voltage-now");
        Add(state.HasFrequencyCappedNow && state.FrequencyCappedNow, "frequency-capped-now");
        Add(state.HasThrottledNow && state.ThrottledNow, "throttled-now");
        Add(state.HasSoftTemperatureLimitNow && state.SoftTemperatureLimitNow, "soft-temperature-limit-now");
        Add(state.HasUnderVoltageOccurred && state.UnderVoltageOccurred, "under-voltage-occurred");
        Add(state.HasFrequencyCappedOccurred && state.FrequencyCappedOccurred, "frequency-capped-occurred");
        Add(state.HasThrottledOccurred && state.ThrottledOccurred, "throttled-occurred");
        Add(state.HasSoftTemperatureLimitOccurred && state.SoftTemperatureLimitOccurred, "soft-temperature-limit-occurred");
        return flags.Count == 0 ? "none" : string.Join(',', flags);

        void Add(bool set, string name)
        {
            if (set)
            {
                flags.Add(name);
            }
        }
    }

    private static HardwareReport WithoutThrottling(HardwareReport report)
    {
        var copy = report.Clone();
        copy.Throttling = null;
        return copy;
    }
}
