using System.Collections.Concurrent;
using System.Globalization;
using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Benchmarks;

/// <summary>
/// The agent's end of the link for one node, attached to the hub's registry in process (no TLS stream): it holds
/// GPIO pins as the agent does (list, configure, write, release) and tells <see cref="Commanded"/> of every pin
/// command, so a benchmark measures the hub's own path and not the agents' reconnect backoff.
/// </summary>
internal sealed class BenchAgent : IAsyncDisposable
{
    private readonly AgentRegistry _registry;
    private readonly AgentSession _session;
    private readonly Task _loop;

    public BenchAgent(AgentRegistry registry, string nodeId, ConcurrentDictionary<uint, GpioPinState>? pins = null)
    {
        _registry = registry;
        Pins = pins ?? new ConcurrentDictionary<uint, GpioPinState>();
        _session = registry.Attach(nodeId, Guid.NewGuid().ToString("N"), "127.0.0.1");
        _loop = Task.Run(LoopAsync);
    }

    public ConcurrentDictionary<uint, GpioPinState> Pins { get; }

    /// <summary>Called with the node, the pin and its level for every configure or write, before the answer is sent.</summary>
    public Action<string, uint, bool>? Commanded { get; set; }

    private async Task LoopAsync()
    {
        while (await _session.Outbox.WaitToReadAsync())
        {
            while (_session.Outbox.TryRead(out var message))
            {
                _registry.Complete(_session.NodeId, Answer(message.Command));
            }
        }
    }

    private CommandResult Answer(Command command)
    {
        var result = new CommandResult { Id = command.Id };
        switch (command.OpCase)
        {
            case Command.OpOneofCase.GpioList:
                result.Gpio = new GpioPins { Pins = { Pins.Values.OrderBy(p => p.Bcm) } };
                break;
            case Command.OpOneofCase.PwmList:
                result.Pwm = new PwmChannels();
                break;
            case Command.OpOneofCase.I2CWatchList:
                result.I2CWatches = new I2cWatches();
                break;
            case Command.OpOneofCase.GpioConfigure:
                var c = command.GpioConfigure;
                var state = new GpioPinState { Bcm = Bcm(c.Pin), Mode = c.Mode, Pull = c.Pull, Edge = c.Edge, High = c.HasInitialHigh && c.InitialHigh };
                Pins[state.Bcm] = state;
                Commanded?.Invoke(_session.NodeId, state.Bcm, state.High);
                result.Gpio = new GpioPins { Pins = { state } };
                break;
            case Command.OpOneofCase.GpioWrite:
                var written = Pins[Bcm(command.GpioWrite.Pin)];
                written.High = command.GpioWrite.High;
                Commanded?.Invoke(_session.NodeId, written.Bcm, written.High);
                result.Gpio = new GpioPins { Pins = { written } };
                break;
            case Command.OpOneofCase.GpioRelease:
                Pins.TryRemove(Bcm(command.GpioRelease.Pin), out _);
                result.Gpio = new GpioPins { Pins = { new GpioPinState { Bcm = Bcm(command.GpioRelease.Pin), Mode = GpioMode.Unspecified } } };
                break;
            default:
                result.Error = new CommandError { Code = CommandError.Types.Code.Unsupported, Message = $"{command.OpCase} is not part of this benchmark" };
                break;
        }
        return result;
    }

    private static uint Bcm(string pin) => uint.Parse(pin, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _session.Close();
        _registry.Detach(_session);
        await _loop;
        _session.Dispose();
    }
}
