using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Resources;

/// <summary>
/// A test double at the outermost seam, the agent's end of the link: it answers each command from the session's
/// outbox as the agent documents it (GpioList lists configured pins, GpioConfigure and GpioWrite return the pin,
/// GpioRelease forgets it), keeps the pins in a dictionary, and records every command it received.
/// <see cref="Refuse"/> makes it answer a pin with an error instead.
/// </summary>
internal sealed class ScriptedAgent : IAsyncDisposable
{
    private readonly AgentRegistry _registry;
    private readonly AgentSession _session;
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<Command> _received = [];

    public ScriptedAgent(AgentRegistry registry, string nodeId)
    {
        _registry = registry;
        _session = registry.Attach(nodeId, Guid.NewGuid().ToString("N"), "127.0.0.1");
        _loop = Task.Run(LoopAsync);
    }

    public Dictionary<uint, GpioPinState> Pins { get; } = [];

    public Dictionary<string, CommandError> Refusals { get; } = [];

    public IReadOnlyList<Command> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public void Refuse(string pin, CommandError.Types.Code code, string message, CommandError.Types.Reason reason = CommandError.Types.Reason.Unspecified) =>
        Refusals[pin] = new CommandError { Code = code, Message = message, Reason = reason };

    private async Task LoopAsync()
    {
        while (await _session.Outbox.WaitToReadAsync())
        {
            while (_session.Outbox.TryRead(out var message))
            {
                var command = message.Command;
                lock (_gate)
                {
                    _received.Add(command.Clone());
                }
                _registry.Complete(_session.NodeId, Answer(command));
            }
        }
    }

    private CommandResult Answer(Command command)
    {
        var result = new CommandResult { Id = command.Id };
        var pin = command.OpCase switch
        {
            Command.OpOneofCase.GpioConfigure => command.GpioConfigure.Pin,
            Command.OpOneofCase.GpioWrite => command.GpioWrite.Pin,
            Command.OpOneofCase.GpioRelease => command.GpioRelease.Pin,
            Command.OpOneofCase.GpioPulse => command.GpioPulse.Pin,
            _ => null,
        };
        if (pin is not null && Refusals.TryGetValue(pin, out var refusal))
        {
            result.Error = refusal;
            return result;
        }
        switch (command.OpCase)
        {
            case Command.OpOneofCase.GpioList:
                result.Gpio = new GpioPins();
                result.Gpio.Pins.AddRange(Pins.Values.OrderBy(p => p.Bcm));
                break;
            case Command.OpOneofCase.PwmList:
                result.Pwm = new PwmChannels();
                break;
            case Command.OpOneofCase.I2CWatchList:
                result.I2CWatches = new I2cWatches();
                break;
            case Command.OpOneofCase.GpioConfigure:
                var c = command.GpioConfigure;
                var state = new GpioPinState { Bcm = uint.Parse(c.Pin, System.Globalization.CultureInfo.InvariantCulture), Mode = c.Mode, Pull = c.Pull, ActiveLow = c.ActiveLow, Edge = c.Edge, DebounceMs = c.DebounceMs, High = c.HasInitialHigh && c.InitialHigh };
                Pins[state.Bcm] = state;
                result.Gpio = new GpioPins { Pins = { state } };
                break;
            case Command.OpOneofCase.GpioWrite:
                var written = Pins[uint.Parse(command.GpioWrite.Pin, System.Globalization.CultureInfo.InvariantCulture)];
                written.High = command.GpioWrite.High;
                result.Gpio = new GpioPins { Pins = { written } };
                break;
            case Command.OpOneofCase.GpioRead:
                result.Gpio = new GpioPins { Pins = { Pins[uint.Parse(command.GpioRead.Pin, System.Globalization.CultureInfo.InvariantCulture)] } };
                break;
            case Command.OpOneofCase.GpioPulse:
                // Answered at the start of the pulse, as the agent does: the pin at the pulse's level.
                var pulsed = new GpioPinState { Bcm = uint.Parse(command.GpioPulse.Pin, System.Globalization.CultureInfo.InvariantCulture), Mode = GpioMode.Output, High = command.GpioPulse.High };
                Pins[pulsed.Bcm] = pulsed;
                result.Gpio = new GpioPins { Pins = { pulsed } };
                break;
            case Command.OpOneofCase.GpioRelease:
                var bcm = uint.Parse(command.GpioRelease.Pin, System.Globalization.CultureInfo.InvariantCulture);
                Pins.Remove(bcm);
                result.Gpio = new GpioPins { Pins = { new GpioPinState { Bcm = bcm, Mode = GpioMode.Unspecified } } };
                break;
            default:
                result.Error = new CommandError { Code = CommandError.Types.Code.Unsupported, Message = $"{command.OpCase} is not scripted" };
                break;
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _session.Close();
        _registry.Detach(_session);
        await _loop;
        _session.Dispose();
    }
}
