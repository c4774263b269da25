using System.Device.Pwm;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.Pwm;

/// <summary>
/// Hardware PWM on the header through System.Device.Pwm. A pin is checked (has a channel, is safe, the channel
/// is free and exposed by the kernel) before anything starts; frequency and duty cycle are checked first too.
/// </summary>
internal sealed class PwmService(IPwmChips chips, PinSafety safety, PinClaims claims, Func<string?> processor)
{
    public const int MaxFrequencyHz = 1_000_000;

    private readonly Dictionary<int, (PwmChannel Channel, PwmChannelState State)> _running = [];
    private readonly Lock _gate = new();

    /// <summary>The running channels (copies; read by the state saver while commands run).</summary>
    public IReadOnlyList<PwmChannelState> Channels
    {
        get
        {
            lock (_gate)
            {
                return _running.Values.Select(r => r.State.Clone()).OrderBy(s => s.Bcm).ToList();
            }
        }
    }

    public PwmChannels Set(PwmSet command)
    {
        lock (_gate)
        {
            return SetLocked(command);
        }
    }

    private PwmChannels SetLocked(PwmSet command)
    {
        var bcm = HeaderMap.Resolve(command.Pin);
        Validate(bcm, command.FrequencyHz, command.DutyPercent);
        var route = PwmPinMap.Route(bcm, processor()) ?? throw HardwareException.Refused(PwmPinMap.NoChannel(bcm));
        safety.Check(bcm, PinOwner.Pwm);
        var fraction = command.DutyPercent / 100.0;
        if (_running.TryGetValue(bcm, out var running))
        {
            // Duty first when the period shrinks would briefly exceed it; the kernel refuses duty > period.
            if (command.FrequencyHz > running.Channel.Frequency)
            {
                running.Channel.DutyCycle = fraction;
                running.Channel.Frequency = (int)command.FrequencyHz;
            }
            else
            {
                running.Channel.Frequency = (int)command.FrequencyHz;
                running.Channel.DutyCycle = fraction;
            }
            running.State.FrequencyHz = command.FrequencyHz;
            running.State.DutyPercent = command.DutyPercent;
            return Result(running.State.Clone());
        }
        if (_running.Values.FirstOrDefault(r => r.State.Channel == route.Channel) is { State: { } other })
        {
            throw HardwareException.Conflict($"PWM channel {route.Channel} is already driving GPIO{other.Bcm}; GPIO{bcm} shares that channel. Stop it first (pi-controller pwm stop NODE {other.Bcm})");
        }
        var controller = chips.HeaderController()
            ?? throw HardwareException.Refused(PwmPinMap.Absent(route, "the kernel exposes no PWM controller (/sys/class/pwm is empty)"));
        if (route.Channel >= controller.Channels)
        {
            throw HardwareException.Refused(PwmPinMap.Absent(route, $"pwmchip{controller.Chip} has {controller.Channels} channel(s)"));
        }
        PwmChannel channel;
        try
        {
            channel = chips.Open(controller.Chip, route.Channel, (int)command.FrequencyHz, fraction);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw HardwareException.Refused(PwmPinMap.Absent(route, $"pwmchip{controller.Chip} channel {route.Channel} cannot be opened ({e.Message})"));
        }
        claims.Claim(bcm, PinOwner.Pwm, $"PWM (pwmchip{controller.Chip} channel {route.Channel})");
        channel.Start();
        var state = new PwmChannelState
        {
            Bcm = (uint)bcm,
            Chip = (uint)controller.Chip,
            Channel = (uint)route.Channel,
            FrequencyHz = command.FrequencyHz,
            DutyPercent = command.DutyPercent,
        };
        _running[bcm] = (channel, state);
        return Result(state.Clone());
    }

    public PwmChannels Stop(PwmStop command)
    {
        lock (_gate)
        {
            return StopLocked(command);
        }
    }

    private PwmChannels StopLocked(PwmStop command)
    {
        var bcm = HeaderMap.Resolve(command.Pin);
        if (!_running.Remove(bcm, out var running))
        {
            throw HardwareException.Refused($"GPIO{bcm} has no PWM running; pi-controller pwm ls NODE lists the running channels");
        }
        running.Channel.Stop();
        running.Channel.Dispose();
        claims.Release(bcm, PinOwner.Pwm);
        var stopped = running.State.Clone();
        stopped.DutyPercent = 0;
        return Result(stopped);
    }

    public PwmChannels List()
    {
        var result = new PwmChannels();
        result.Channels.AddRange(Channels);
        return result;
    }

    public static void Validate(int bcm, uint frequencyHz, double dutyPercent)
    {
        if (frequencyHz is < 1 or > MaxFrequencyHz)
        {
            throw HardwareException.Invalid($"GPIO{bcm}: frequency must be 1-{MaxFrequencyHz} Hz, got {frequencyHz}");
        }
        if (double.IsNaN(dutyPercent) || dutyPercent is < 0 or > 100)
        {
            throw HardwareException.Invalid($"GPIO{bcm}: duty cycle must be 0-100 %, got {dutyPercent}");
        }
    }

    private static PwmChannels Result(PwmChannelState state) => new() { Channels = { state } };
}
