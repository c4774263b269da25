using System.Globalization;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>Turns what people type into protocol values and protocol results into REST views, with one rule each.</summary>
internal static class HardwareMapping
{
    public static bool ParseLevel(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "high" or "1" or "on" or "true" => true,
        "low" or "0" or "off" or "false" => false,
        _ => throw HardwareErrors.Invalid($"value must be high or low (or 1/0, on/off), got \"{text}\""),
    };

    public static GpioMode ParseMode(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "input" or "in" => GpioMode.Input,
        "output" or "out" => GpioMode.Output,
        _ => throw HardwareErrors.Invalid($"mode must be input or output, got \"{text}\""),
    };

    public static GpioPull ParsePull(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" or "off" => GpioPull.None,
        "up" => GpioPull.Up,
        "down" => GpioPull.Down,
        _ => throw HardwareErrors.Invalid($"pull must be up, down or none, got \"{text}\""),
    };

    public static GpioEdge ParseEdge(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => GpioEdge.None,
        "rising" => GpioEdge.Rising,
        "falling" => GpioEdge.Falling,
        "both" => GpioEdge.Both,
        _ => throw HardwareErrors.Invalid($"edge must be rising, falling, both or none, got \"{text}\""),
    };

    /// <summary>An I2C address as hex ("0x76", "76h") or decimal ("118"); range checked by the agent.</summary>
    public static uint ParseAddress(string? text)
    {
        var t = text?.Trim().ToLowerInvariant() ?? "";
        var hex = t.StartsWith("0x", StringComparison.Ordinal) ? t[2..] : t.EndsWith('h') ? t[..^1] : null;
        if (hex is { Length: > 0 and <= 2 } && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h))
        {
            return h;
        }
        if (hex is null && t.Length is > 0 and <= 3 && uint.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        throw HardwareErrors.Invalid($"\"{text}\" is not an I2C address; write it as hex such as 0x76");
    }

    /// <summary>Hex bytes: "d0 01", "0xd0,0x01" or "d001".</summary>
    public static byte[] ParseBytes(string? text)
    {
        var parts = (text ?? "").Split([' ', ',', ':'], StringSplitOptions.RemoveEmptyEntries);
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            var prefixed = part.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            var hex = prefixed ? part[2..] : part;
            if (prefixed && hex.Length == 1)
            {
                hex = "0" + hex;
            }
            if (hex.Length == 0 || hex.Length % 2 != 0)
            {
                throw HardwareErrors.Invalid($"\"{part}\" is not hex bytes; write them as d0 01, 0xd0,0x01 or d001");
            }
            try
            {
                bytes.AddRange(Convert.FromHexString(hex));
            }
            catch (FormatException)
            {
                throw HardwareErrors.Invalid($"\"{part}\" is not hex bytes; write them as d0 01, 0xd0,0x01 or d001");
            }
        }
        return [.. bytes];
    }

    public static string Address(uint address) => PinText.Address(address);

    public static GpioPinView ToView(GpioPinState p) => new(
        (int)p.Bcm,
        p.Physical == 0 ? null : (int)p.Physical,
        PinText.Mode(p.Mode),
        PinText.Pull(p.Pull),
        p.ActiveLow,
        PinText.Edge(p.Edge),
        (int)p.DebounceMs,
        PinText.Level(p));

    public static GpioPinsView ToView(string nodeId, GpioPins pins) => new(nodeId, pins.Pins.Select(ToView).ToList());

    public static PwmChannelsView ToView(string nodeId, PwmChannels channels) => new(nodeId, channels.Channels
        .Select(c => new PwmChannelView((int)c.Bcm, (int)c.Chip, (int)c.Channel, c.FrequencyHz, c.DutyPercent)).ToList());

    public static I2cScanView ToView(string nodeId, I2cScanResult scan) => new(nodeId, (int)scan.Bus,
        scan.Addresses.Select(Address).ToList(), scan.KernelAddresses.Select(Address).ToList());

    public static SensorReadingView ToView(string nodeId, SensorReading r) => new(nodeId, (int)r.Bus, Address(r.Address), r.Device,
        r.At?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch, r.Values.OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary(v => v.Key, v => v.Value));

    public static I2cWatchesView ToView(string nodeId, I2cWatches watches) => new(nodeId, watches.Watches
        .Select(w => new I2cWatchView((int)w.Bus, Address(w.Address), w.Device, w.IntervalMs)).ToList());
}
