using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.Gpio;

/// <summary>
/// How this agent has set up one GPIO: direction, pull, polarity, edge reporting, and for an output the
/// logical level it last drove. This is what is persisted and restored.
/// </summary>
internal sealed record PinSetup(int Bcm, GpioMode Mode, GpioPull Pull, bool ActiveLow, GpioEdge Edge, uint DebounceMs, bool High)
{
    public const uint MaxDebounceMs = 10_000;

    /// <summary>Checks a configure command against the rules of its mode; throws INVALID_ARGUMENT otherwise.</summary>
    public static PinSetup From(int bcm, GpioConfigure c)
    {
        switch (c.Mode)
        {
            case GpioMode.Input:
                if (c.HasInitialHigh)
                {
                    throw Pins.HardwareException.Invalid($"GPIO{bcm}: an initial value applies to outputs only; drop it or use --mode output");
                }
                if (c.DebounceMs > 0 && c.Edge == GpioEdge.None)
                {
                    throw Pins.HardwareException.Invalid($"GPIO{bcm}: debounce applies to edge events; add --edge rising, falling or both");
                }
                if (c.DebounceMs > MaxDebounceMs)
                {
                    throw Pins.HardwareException.Invalid($"GPIO{bcm}: debounce must be at most {MaxDebounceMs} ms, got {c.DebounceMs}");
                }
                return new PinSetup(bcm, GpioMode.Input, c.Pull, c.ActiveLow, c.Edge, c.DebounceMs, false);
            case GpioMode.Output:
                if (c.Pull != GpioPull.None)
                {
                    throw Pins.HardwareException.Invalid($"GPIO{bcm}: a pull resistor applies to inputs only; drop --pull or use --mode input");
                }
                if (c.Edge != GpioEdge.None || c.DebounceMs > 0)
                {
                    throw Pins.HardwareException.Invalid($"GPIO{bcm}: edge events are reported for inputs only; drop --edge or use --mode input");
                }
                return new PinSetup(bcm, GpioMode.Output, GpioPull.None, c.ActiveLow, GpioEdge.None, 0, c.HasInitialHigh && c.InitialHigh);
            default:
                throw Pins.HardwareException.Invalid($"GPIO{bcm}: mode must be input or output");
        }
    }

    public GpioPinState ToState(bool? high)
    {
        var state = new GpioPinState
        {
            Bcm = (uint)Bcm,
            Physical = (uint)Pins.HeaderMap.PhysicalOf(Bcm),
            Mode = Mode,
            Pull = Pull,
            ActiveLow = ActiveLow,
            Edge = Edge,
            DebounceMs = DebounceMs,
        };
        if (high is { } value)
        {
            state.High = value;
        }
        return state;
    }
}
