using System.Globalization;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// Under-voltage and throttling as the Raspberry Pi firmware reports them. The firmware driver's get_throttled
/// attribute holds the whole word in hex (printed with "%x"): bits 0-3 are now (under-voltage, ARM frequency
/// capped, throttled, soft temperature limit), bits 16-19 the same since boot. Where that attribute is missing
/// (the Pi 5), the rpi_volt hwmon device still says whether under-voltage was seen in its last poll (every 2 s).
/// Any other machine has neither, and its state stays unknown.
/// </summary>
internal static class ThrottleReader
{
    public const string GetThrottledPath = "/sys/devices/platform/soc/soc:firmware/get_throttled";

    public static ThrottleState? Read(SystemRoot root)
    {
        var state = new ThrottleState();
        var known = false;
        if (GetThrottled(root) is { } word)
        {
            state.Raw = word;
            state.UnderVoltageNow = Bit(word, 0);
            state.FrequencyCappedNow = Bit(word, 1);
            state.ThrottledNow = Bit(word, 2);
            state.SoftTemperatureLimitNow = Bit(word, 3);
            state.UnderVoltageOccurred = Bit(word, 16);
            state.FrequencyCappedOccurred = Bit(word, 17);
            state.ThrottledOccurred = Bit(word, 18);
            state.SoftTemperatureLimitOccurred = Bit(word, 19);
            known = true;
        }
        else if (UnderVoltageAlarm(root) is { } alarm)
        {
            state.UnderVoltageNow = alarm;
            known = true;
        }
        return known ? state : null;
    }

    private static bool Bit(uint word, int bit) => (word & (1u << bit)) != 0;

    private static uint? GetThrottled(SystemRoot root)
    {
        // The firmware node sits under "soc" on the Pi 1-4; the Pi 5's bus is "soc@107c000000".
        var candidates = new List<string> { GetThrottledPath };
        foreach (var bus in root.EntryNames("/sys/devices/platform").Where(b => b.StartsWith("soc@", StringComparison.Ordinal)))
        {
            candidates.AddRange(root.EntryNames($"/sys/devices/platform/{bus}")
                .Where(d => d.EndsWith(":firmware", StringComparison.Ordinal))
                .Select(d => $"/sys/devices/platform/{bus}/{d}/get_throttled"));
        }
        foreach (var path in candidates)
        {
            var text = root.ReadTrimmed(path);
            if (text is not null && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                text = text[2..];
            }
            if (uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var word))
            {
                return word;
            }
        }
        return null;
    }

    private static bool? UnderVoltageAlarm(SystemRoot root)
    {
        foreach (var hwmon in root.EntryNames("/sys/class/hwmon"))
        {
            if (root.ReadTrimmed($"/sys/class/hwmon/{hwmon}/name") == "rpi_volt")
            {
                return root.ReadTrimmed($"/sys/class/hwmon/{hwmon}/in0_lcrit_alarm") switch
                {
                    "0" => false,
                    "1" => true,
                    _ => null,
                };
            }
        }
        return null;
    }
}
