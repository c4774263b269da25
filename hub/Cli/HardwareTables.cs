using System.Globalization;
using PiController.Hub.Cli.Output;
using PiController.Hub.Hardware;

namespace PiController.Hub.Cli;

/// <summary>The tables of the direct hardware verbs (gpio, pwm, i2c); their json and yaml are the hub's whole answer.</summary>
internal static class HardwareTables
{
    public static readonly ObjectPrinter<GpioPinView> Pins = new("gpio", p => p.Bcm.ToString(CultureInfo.InvariantCulture), HubJsonContext.Default.GpioPinView,
    [
        new("PIN", p => $"GPIO{p.Bcm}"),
        new("HEADER", p => p.Physical is { } physical ? $"pin {physical}" : "-"),
        new("MODE", p => p.Mode),
        new("VALUE", p => p.Value ?? "-"),
        new("PULL", p => p.Mode == "input" ? p.Pull : "-"),
        new("EDGE", p => p.Edge),
        new("DEBOUNCE", p => p.DebounceMs > 0 ? string.Create(CultureInfo.InvariantCulture, $"{p.DebounceMs} ms") : "-"),
        new("ACTIVE", p => p.ActiveLow ? "low" : "high"),
    ]);

    public static readonly ObjectPrinter<PinEventView> Edges = new("edge", e => e.Bcm.ToString(CultureInfo.InvariantCulture), HubJsonContext.Default.PinEventView,
    [
        new("TIME", e => TextTable.Time(e.At, fraction: true)),
        new("PIN", e => $"GPIO{e.Bcm}"),
        new("EDGE", e => e.Edge),
        new("RECEIVED", e => TextTable.Time(e.ReceivedAt, fraction: true), Wide: true),
        new("MONOTONIC NS", e => e.MonotonicNs.ToString(CultureInfo.InvariantCulture), Wide: true),
    ]);

    public static readonly ObjectPrinter<PwmChannelView> Channels = new("pwm", c => c.Bcm.ToString(CultureInfo.InvariantCulture), HubJsonContext.Default.PwmChannelView,
    [
        new("PIN", c => $"GPIO{c.Bcm}"),
        new("FREQUENCY", c => string.Create(CultureInfo.InvariantCulture, $"{c.FrequencyHz} Hz")),
        new("DUTY", c => string.Create(CultureInfo.InvariantCulture, $"{c.DutyPercent:0.##} %")),
        new("CHIP", c => string.Create(CultureInfo.InvariantCulture, $"pwmchip{c.Chip}")),
        new("CHANNEL", c => c.Channel.ToString(CultureInfo.InvariantCulture)),
    ]);

    public static readonly ObjectPrinter<I2cWatchView> Watches = new("i2cwatch", w => w.Address, HubJsonContext.Default.I2cWatchView,
    [
        new("BUS", w => w.Bus.ToString(CultureInfo.InvariantCulture)),
        new("ADDRESS", w => w.Address),
        new("DEVICE", w => w.Device),
        new("EVERY", w => string.Create(CultureInfo.InvariantCulture, $"{w.IntervalMs} ms")),
    ]);

    public static readonly ObjectPrinter<SensorReadingView> Readings = new("reading", r => r.Address, HubJsonContext.Default.SensorReadingView,
    [
        new("TIME", r => TextTable.Time(r.At, fraction: true)),
        new("BUS", r => r.Bus.ToString(CultureInfo.InvariantCulture), Wide: true),
        new("ADDRESS", r => r.Address),
        new("DEVICE", r => r.Device),
        new("VALUES", r => string.Join("  ", r.Values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Key}={v.Value}")))),
    ]);
}
