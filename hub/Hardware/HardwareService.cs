using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Nodes;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// GPIO, PWM and I2C on a node, one typed method per operation; REST (<see cref="GpioApi"/>, <see cref="PwmApi"/>,
/// <see cref="I2cApi"/>) and gRPC (<see cref="HardwareGrpcService"/>) are thin adapters over it. Each call is refused
/// when it would change what a resource manages (<see cref="ManagedPinGuard"/>), sent to the node's agent, checked
/// against the outcome <see cref="LinkCommands"/> expects, and the change it made published
/// (<see cref="HardwareEventPublisher"/>). Every refusal or failure is a <see cref="HubException"/>: an unknown node
/// NotFound, an offline one Unavailable, the agent's errors as <see cref="HardwareErrors"/> maps them.
/// </summary>
internal sealed class HardwareService(NodeStore store, AgentRegistry registry, HardwareEventFeed feed, HardwareEventPublisher publish, ManagedPinGuard managedPins)
{
    /// <summary>Long enough for an I2C scan of 117 addresses and a sensor's conversion time.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public bool IsKnown(string nodeId) => registry.IsConnected(nodeId) || store.Get(nodeId) is not null;

    public Task<GpioPins> ListGpioAsync(string nodeId, CancellationToken ct) => GpioAsync(nodeId, new Command { GpioList = new GpioList() }, ct);

    public Task<GpioPins> ReadGpioAsync(string nodeId, string pin, CancellationToken ct) => GpioAsync(nodeId, new Command { GpioRead = new GpioRead { Pin = pin } }, ct);

    public Task<GpioPins> ConfigureGpioAsync(string nodeId, GpioConfigure configure, CancellationToken ct) =>
        GpioChangeAsync(nodeId, new Command { GpioConfigure = configure }, ct);

    public Task<GpioPins> WriteGpioAsync(string nodeId, string pin, bool high, CancellationToken ct) =>
        GpioChangeAsync(nodeId, new Command { GpioWrite = new GpioWrite { Pin = pin, High = high } }, ct);

    public Task<GpioPins> ToggleGpioAsync(string nodeId, string pin, CancellationToken ct) =>
        GpioChangeAsync(nodeId, new Command { GpioToggle = new GpioToggle { Pin = pin } }, ct);

    /// <summary>Drives the pin to <paramref name="high"/> for <paramref name="ms"/> (1-60000), timed on the agent; answers at the start.</summary>
    public Task<GpioPins> PulseGpioAsync(string nodeId, string pin, bool high, long ms, CancellationToken ct) =>
        GpioPulse.CheckMs(ms) is { } problem
            ? throw HardwareErrors.Invalid(problem)
            : GpioChangeAsync(nodeId, new Command { GpioPulse = new GpioPulse { Pin = pin, High = high, Ms = (uint)ms } }, ct);

    public Task<GpioPins> ReleaseGpioAsync(string nodeId, string pin, CancellationToken ct) =>
        GpioChangeAsync(nodeId, new Command { GpioRelease = new GpioRelease { Pin = pin } }, ct);

    /// <summary>The answer lists the written pins first, then the ones only read: only the written ones are published.</summary>
    public async Task<GpioPins> BatchGpioAsync(string nodeId, GpioBatch batch, CancellationToken ct)
    {
        var pins = await GpioAsync(nodeId, new Command { GpioBatch = batch }, ct).ConfigureAwait(false);
        await publish.PinsChangedByApiAsync(nodeId, pins.Pins.Take(batch.Ops.Count(op => op.HasWriteHigh)), ct).ConfigureAwait(false);
        return pins;
    }

    public async Task<PwmChannels> ListPwmAsync(string nodeId, CancellationToken ct) =>
        (await SendAsync(nodeId, new Command { PwmList = new PwmList() }, ct).ConfigureAwait(false)).Pwm;

    public async Task<PwmChannels> SetPwmAsync(string nodeId, PwmSet set, CancellationToken ct)
    {
        var channels = (await SendAsync(nodeId, new Command { PwmSet = set }, ct).ConfigureAwait(false)).Pwm;
        await publish.PwmChangedByApiAsync(nodeId, channels, running: true, ct).ConfigureAwait(false);
        return channels;
    }

    public async Task<PwmChannels> StopPwmAsync(string nodeId, string pin, CancellationToken ct)
    {
        var channels = (await SendAsync(nodeId, new Command { PwmStop = new PwmStop { Pin = pin } }, ct).ConfigureAwait(false)).Pwm;
        await publish.PwmChangedByApiAsync(nodeId, channels, running: false, ct).ConfigureAwait(false);
        return channels;
    }

    public async Task<I2cScanResult> ScanI2cAsync(string nodeId, uint bus, CancellationToken ct) =>
        (await SendAsync(nodeId, new Command { I2CScan = new I2cScan { Bus = bus } }, ct).ConfigureAwait(false)).I2CScan;

    public async Task<I2cTransferResult> TransferI2cAsync(string nodeId, I2cTransfer transfer, CancellationToken ct) =>
        (await SendAsync(nodeId, new Command { I2CTransfer = transfer }, ct).ConfigureAwait(false)).I2CTransfer;

    /// <summary>A change, not a read: the binding writes the chip's configuration. The reading is published with source "api".</summary>
    public async Task<SensorReading> ReadI2cDeviceAsync(string nodeId, I2cDeviceRead read, CancellationToken ct)
    {
        var reading = (await SendAsync(nodeId, new Command { I2CDeviceRead = read }, ct).ConfigureAwait(false)).I2CReading;
        await publish.ReadingAsync(nodeId, reading, HardwareEventPublisher.ApiSource, ct).ConfigureAwait(false);
        return reading;
    }

    public async Task<I2cWatches> WatchI2cAsync(string nodeId, I2cWatch watch, CancellationToken ct) =>
        (await SendAsync(nodeId, new Command { I2CWatch = watch }, ct).ConfigureAwait(false)).I2CWatches;

    public async Task<I2cWatches> UnwatchI2cAsync(string nodeId, uint bus, uint address, CancellationToken ct) =>
        (await SendAsync(nodeId, new Command { I2CUnwatch = new I2cUnwatch { Bus = bus, Address = address } }, ct).ConfigureAwait(false)).I2CWatches;

    public async Task<I2cWatches> ListI2cWatchesAsync(string nodeId, CancellationToken ct) =>
        (await SendAsync(nodeId, new Command { I2CWatchList = new I2cWatchList() }, ct).ConfigureAwait(false)).I2CWatches;

    /// <summary>The newest input edges the node reported (of one BCM pin, or all), oldest first.</summary>
    public PinEventsView PinEvents(string nodeId, int? bcm, int? limit) => feed.PinEvents(RequireKnown(nodeId), bcm, Limit(limit));

    /// <summary>The newest interval readings the node sent, oldest first.</summary>
    public SensorReadingsView Readings(string nodeId, int? limit) => feed.Readings(RequireKnown(nodeId), Limit(limit));

    /// <summary>Sends <paramref name="command"/> and returns the agent's result when it is the one <see cref="LinkCommands"/> expects.</summary>
    public async Task<CommandResult> SendAsync(string nodeId, Command command, CancellationToken cancellationToken)
    {
        managedPins.RefuseManaged(nodeId, command);
        RequireKnown(nodeId);
        var result = await registry.SendAsync(nodeId, command, Timeout, cancellationToken).ConfigureAwait(false);
        if (result.OutcomeCase == CommandResult.OutcomeOneofCase.Error)
        {
            throw HardwareErrors.From(result.Error);
        }
        return result.OutcomeCase == LinkCommands.Of(command).Outcome ? result : throw HardwareErrors.Unexpected(nodeId, command, result);
    }

    private async Task<GpioPins> GpioAsync(string nodeId, Command command, CancellationToken ct) =>
        (await SendAsync(nodeId, command, ct).ConfigureAwait(false)).Gpio;

    private async Task<GpioPins> GpioChangeAsync(string nodeId, Command command, CancellationToken ct)
    {
        var pins = await GpioAsync(nodeId, command, ct).ConfigureAwait(false);
        await publish.PinsChangedByApiAsync(nodeId, pins.Pins, ct).ConfigureAwait(false);
        return pins;
    }

    private string RequireKnown(string nodeId) => IsKnown(nodeId) ? nodeId
        : throw new CommandFailedException(CommandFailureKind.UnknownNode, $"no node with id \"{nodeId}\"; pi-controller nodes ls lists the nodes");

    private static int Limit(int? limit) => (limit ?? 100) is var count and >= 1 and <= HardwareEventFeed.MaxEvents
        ? count
        : throw HardwareErrors.Invalid($"limit must be between 1 and {HardwareEventFeed.MaxEvents}, got {limit}");
}
