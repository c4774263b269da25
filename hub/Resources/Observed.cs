using PiController.Hub.Hardware;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>Observed state from what the agent reported, in the words the REST API uses elsewhere.</summary>
internal static class Observed
{
    public static ObservedState From(GpioPinState p) => new()
    {
        Bcm = (int)p.Bcm,
        Mode = p.Mode switch { GpioMode.Input => "input", GpioMode.Output => "output", _ => "released" },
        Pull = p.Pull switch { GpioPull.Up => "up", GpioPull.Down => "down", _ => "none" },
        ActiveLow = p.ActiveLow,
        Edge = HardwareMapping.Name(p.Edge),
        DebounceMs = p.DebounceMs,
        Value = p.HasHigh ? (p.High ? "high" : "low") : null,
    };

    public static ObservedState From(PwmChannelState c) => new()
    {
        Bcm = (int)c.Bcm,
        Chip = c.Chip,
        Channel = c.Channel,
        FrequencyHz = c.FrequencyHz,
        DutyPercent = c.DutyPercent,
    };

    public static ObservedState From(I2cWatchState w) => new()
    {
        Bus = w.Bus,
        Address = HardwareMapping.Address(w.Address),
        Device = w.Device,
        IntervalMs = w.IntervalMs,
    };
}
