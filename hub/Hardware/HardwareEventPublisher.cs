using PiController.Hub.Events;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// Publishes the hardware events (gpio.state.changed, pwm.changed, i2c.reading, resource.conflict), one method per
/// moment, so the direct API, the reconciler and the agents' reports fill each payload the same way. Sources:
/// "api" (a direct call), "resource" (the reconciler, with the resource's name), "edge" and "watch" (the agent).
/// </summary>
internal sealed class HardwareEventPublisher(EventBus bus)
{
    public const string EdgeSource = "edge";
    public const string ApiSource = "api";
    public const string WatchSource = "watch";
    public const string ResourceSource = "resource";

    /// <summary>Pins a direct API call changed, as the agent answered (what the hardware is now).</summary>
    public async ValueTask PinsChangedByApiAsync(string nodeId, IEnumerable<GpioPinState> pins, CancellationToken cancellationToken)
    {
        foreach (var pin in pins)
        {
            await PinAsync(nodeId, new GpioStateChangedPayload((int)pin.Bcm, pin.HasHigh ? pin.High : null, PinText.Mode(pin.Mode), null, ApiSource, null, null, null), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The reconciler applied a resource to its pin, or gave the pin back (<paramref name="released"/>: an input again).</summary>
    public ValueTask PinChangedByResourceAsync(string nodeId, GpioPinState pin, string resource, bool released, CancellationToken cancellationToken) =>
        PinAsync(nodeId, new GpioStateChangedPayload((int)pin.Bcm, pin.HasHigh ? pin.High : null, released ? "input" : PinText.Mode(pin.Mode), PinText.Edge(pin.Edge), ResourceSource, resource, null, null), cancellationToken);

    /// <summary>An input edge the agent reported; <paramref name="resource"/> names the GPIOPin that manages the pin, if any.</summary>
    public ValueTask EdgeAsync(string nodeId, PinEvent edge, string? resource, CancellationToken cancellationToken) =>
        PinAsync(nodeId, new GpioStateChangedPayload((int)edge.Bcm, edge.Edge == GpioEdge.Rising, null, PinText.Edge(edge.Edge), EdgeSource, resource, edge.At?.ToDateTimeOffset(), edge.MonotonicNs), cancellationToken);

    /// <summary>PWM channels a direct API call started, changed (<paramref name="running"/>) or stopped.</summary>
    public async ValueTask PwmChangedByApiAsync(string nodeId, PwmChannels channels, bool running, CancellationToken cancellationToken)
    {
        foreach (var c in channels.Channels)
        {
            await PwmAsync(nodeId, new PwmChangedPayload((int)c.Bcm, (int)c.Chip, (int)c.Channel, running ? c.FrequencyHz : null, running ? c.DutyPercent : null, running, ApiSource, null), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The reconciler set (<paramref name="set"/>) or stopped a resource's PWM channel on <paramref name="bcm"/>.</summary>
    public ValueTask PwmChangedByResourceAsync(string nodeId, int bcm, PwmChannelState? channel, PwmSet? set, string resource, CancellationToken cancellationToken) =>
        PwmAsync(nodeId, new PwmChangedPayload(bcm, (int?)channel?.Chip, (int?)channel?.Channel, set?.FrequencyHz, set?.DutyPercent, set is not null, ResourceSource, resource), cancellationToken);

    /// <summary>A sensor reading: from an interval watch (<see cref="WatchSource"/>) or a read through the API.</summary>
    public ValueTask ReadingAsync(string nodeId, SensorReading reading, string source, CancellationToken cancellationToken)
    {
        var view = HardwareMapping.ToView(nodeId, reading);
        return bus.PublishAsync(EventTypes.I2cReading, nodeId, new I2cReadingPayload(view.Bus, view.Address, view.Device, view.At, view.Values, source, null),
            EventsJsonContext.Default.I2cReadingPayload, cancellationToken);
    }

    /// <summary>A resource cannot be applied because its pin or device is held by something else.</summary>
    public ValueTask ConflictAsync(string nodeId, string kind, string name, string target, string message, CancellationToken cancellationToken) =>
        bus.PublishAsync(EventTypes.ResourceConflict, nodeId, new ResourceConflictPayload(kind, name, "", "", target, message),
            EventsJsonContext.Default.ResourceConflictPayload, cancellationToken);

    private ValueTask PinAsync(string nodeId, GpioStateChangedPayload payload, CancellationToken cancellationToken) =>
        bus.PublishAsync(EventTypes.GpioStateChanged, nodeId, payload, EventsJsonContext.Default.GpioStateChangedPayload, cancellationToken);

    private ValueTask PwmAsync(string nodeId, PwmChangedPayload payload, CancellationToken cancellationToken) =>
        bus.PublishAsync(EventTypes.PwmChanged, nodeId, payload, EventsJsonContext.Default.PwmChangedPayload, cancellationToken);
}
