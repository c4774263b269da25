using PiController.Hub.Hardware;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>Observed state from what the agent reported, in the words of <see cref="PinText"/>.</summary>
internal static class Observed
{
    public static ObservedState From(GpioPinState p) => new()
    {
        Bcm = (int)p.Bcm,
        Mode = PinText.Mode(p.Mode),
        Pull = PinText.Pull(p.Pull),
        ActiveLow = p.ActiveLow,
        Edge = PinText.Edge(p.Edge),
        DebounceMs = p.DebounceMs,
        Value = PinText.Level(p),
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
        Address = PinText.Address(w.Address),
        Device = w.Device,
        IntervalMs = w.IntervalMs,
    };
}
