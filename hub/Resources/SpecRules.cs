using System.Globalization;
using PiController.Hub.Api;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>
/// Checks a spec of each kind and turns it into its <see cref="ValidSpec"/>. Every problem is reported with the
/// field it concerns ("spec.pull: ..."), all at once, so one round trip fixes a document.
/// </summary>
internal static class SpecRules
{
    public const uint MaxDebounceMs = 10_000;
    public const long MaxFrequencyHz = 1_000_000;
    public const uint FirstAddress = 0x03;
    public const uint LastAddress = 0x77;
    public const long MinIntervalMs = 100;
    public const long MaxIntervalMs = 86_400_000;

    public static IReadOnlyList<string> Devices { get; } = ["bme280", "bmp280", "sht3x", "ads1115", "mcp23017"];

    private static readonly int[] PwmPins = [12, 13, 18, 19];

    public static ValidSpec? Check(GpioSpec? spec, List<string> errors)
    {
        if (spec is null)
        {
            errors.Add("spec is required: {\"pin\": \"17\", \"mode\": \"output\", \"value\": \"high\"}");
            return null;
        }
        var start = errors.Count;
        var bcm = Pin(spec.Pin, errors);
        var mode = Choose(spec.Mode, "spec.mode", errors, ("input", GpioMode.Input), ("output", GpioMode.Output)) ?? GpioMode.Unspecified;
        if (spec.Mode is null)
        {
            errors.Add("spec.mode is required: input or output");
        }
        var pull = spec.Pull is null ? GpioPull.None : Choose(spec.Pull, "spec.pull", errors, ("none", GpioPull.None), ("up", GpioPull.Up), ("down", GpioPull.Down)) ?? GpioPull.None;
        var edge = spec.Edge is null ? GpioEdge.None : Choose(spec.Edge, "spec.edge", errors, ("none", GpioEdge.None), ("rising", GpioEdge.Rising), ("falling", GpioEdge.Falling), ("both", GpioEdge.Both)) ?? GpioEdge.None;
        var high = spec.Value is null ? false : Choose(spec.Value, "spec.value", errors, ("high", true), ("low", false), ("1", true), ("0", false)) ?? false;
        var debounce = spec.DebounceMs ?? 0;
        if (debounce is < 0 or > MaxDebounceMs)
        {
            errors.Add($"spec.debounceMs must be 0-{MaxDebounceMs}, got {debounce}");
        }
        if (mode == GpioMode.Output)
        {
            if (pull != GpioPull.None)
            {
                errors.Add("spec.pull applies to inputs only; drop it or use mode input");
            }
            if (edge != GpioEdge.None || debounce > 0)
            {
                errors.Add("spec.edge and spec.debounceMs apply to inputs only; drop them or use mode input");
            }
        }
        else if (mode == GpioMode.Input)
        {
            if (spec.Value is not null)
            {
                errors.Add("spec.value applies to outputs only; drop it or use mode output");
            }
            if (debounce > 0 && edge == GpioEdge.None)
            {
                errors.Add("spec.debounceMs applies to edge events; set spec.edge to rising, falling or both");
            }
        }
        var release = OnDelete(spec.OnDelete, errors);
        if (errors.Count > start || bcm is not { } b)
        {
            return null;
        }
        return new ValidSpec(ResourceKind.GpioPin, ValidSpec.PinClaim(b), $"GPIO{b}", release,
            Gpio: new DesiredGpio(b, mode, pull, spec.ActiveLow ?? false, edge, (uint)debounce, high));
    }

    public static ValidSpec? Check(PwmSpec? spec, List<string> errors)
    {
        if (spec is null)
        {
            errors.Add("spec is required: {\"pin\": \"18\", \"frequencyHz\": 1000, \"dutyPercent\": 50}");
            return null;
        }
        var start = errors.Count;
        var bcm = Pin(spec.Pin, errors);
        if (bcm is { } p && !PwmPins.Contains(p))
        {
            errors.Add($"spec.pin: GPIO{p} has no hardware PWM channel; hardware PWM is on GPIO12, GPIO13, GPIO18 and GPIO19");
        }
        if (spec.FrequencyHz is not { } frequency || frequency is < 1 or > MaxFrequencyHz)
        {
            errors.Add($"spec.frequencyHz must be 1-{MaxFrequencyHz}, got {Show(spec.FrequencyHz)}");
        }
        if (spec.DutyPercent is not { } duty || !double.IsFinite(duty) || duty is < 0 or > 100)
        {
            errors.Add($"spec.dutyPercent must be 0-100, got {Show(spec.DutyPercent)}");
        }
        var release = OnDelete(spec.OnDelete, errors);
        if (errors.Count > start || bcm is not { } b)
        {
            return null;
        }
        return new ValidSpec(ResourceKind.PwmController, ValidSpec.PinClaim(b), $"GPIO{b}", release,
            Pwm: new DesiredPwm(b, (uint)spec.FrequencyHz!.Value, spec.DutyPercent!.Value));
    }

    public static ValidSpec? Check(I2cSpec? spec, List<string> errors)
    {
        if (spec is null)
        {
            errors.Add("spec is required: {\"bus\": 1, \"address\": \"0x76\", \"device\": \"bme280\", \"intervalMs\": 5000}");
            return null;
        }
        var start = errors.Count;
        if (spec.Bus is not { } bus || bus is < 0 or > 255)
        {
            errors.Add($"spec.bus must be the N of /dev/i2c-N (0-255), got {Show(spec.Bus)}");
        }
        var address = Address(spec.Address);
        if (address is not { } a || a is < FirstAddress or > LastAddress)
        {
            errors.Add($"spec.address must be 0x03-0x77 (hex such as \"0x76\", or decimal), got {Show(spec.Address)}");
        }
        var device = spec.Device?.Trim().ToLowerInvariant();
        if (device is null || !Devices.Contains(device))
        {
            errors.Add($"spec.device must be one of {string.Join(", ", Devices)}, got {Show(spec.Device)}");
        }
        var interval = spec.IntervalMs ?? 5000;
        if (interval is < MinIntervalMs or > MaxIntervalMs)
        {
            errors.Add($"spec.intervalMs must be {MinIntervalMs}-{MaxIntervalMs}, got {interval}");
        }
        var release = OnDelete(spec.OnDelete, errors);
        if (errors.Count > start)
        {
            return null;
        }
        var b = (uint)spec.Bus!.Value;
        return new ValidSpec(ResourceKind.I2cDevice, ValidSpec.I2cClaim(b, address!.Value), $"I2C bus {b} address 0x{address.Value:x2}", release,
            I2c: new DesiredI2c(b, address.Value, device!, (uint)interval));
    }

    private static int? Pin(string? text, List<string> errors)
    {
        var bcm = HeaderPins.Resolve(text, out var problem);
        if (problem is not null)
        {
            errors.Add(string.IsNullOrWhiteSpace(text) ? $"spec.pin {problem}" : $"spec.pin: {problem}");
        }
        return bcm;
    }

    private static bool OnDelete(string? text, List<string> errors) =>
        text is null || (Choose(text, "spec.onDelete", errors, ("release", true), ("keep", false)) ?? true);

    private static T? Choose<T>(string? text, string field, List<string> errors, params (string Name, T Value)[] choices) where T : struct
    {
        if (text is null)
        {
            return null;
        }
        var key = text.Trim().ToLowerInvariant();
        foreach (var (name, value) in choices)
        {
            if (name == key)
            {
                return value;
            }
        }
        errors.Add($"{field} must be {string.Join(", ", choices.Select(c => c.Name).Where(n => !char.IsAsciiDigit(n[0])))}; got \"{TextRules.Excerpt(text)}\"");
        return null;
    }

    /// <summary>An I2C address as hex ("0x76", "76h") or decimal ("118"); null when it is neither.</summary>
    public static uint? Address(string? text)
    {
        var t = text?.Trim().ToLowerInvariant() ?? "";
        var hex = t.StartsWith("0x", StringComparison.Ordinal) ? t[2..] : t.EndsWith('h') ? t[..^1] : null;
        if (hex is { Length: > 0 and <= 2 } && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h))
        {
            return h;
        }
        return hex is null && t.Length is > 0 and <= 3 && uint.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static string Show<T>(T? value) => value is null ? "nothing" : string.Create(CultureInfo.InvariantCulture, $"{value}");
}
