using System.Globalization;

namespace PiController.Protocol.Text;

/// <summary>
/// A configured length of time as a person writes it, never TimeSpan's "00:10:00": the largest unit that divides it
/// (7d, 2h, 10m, 30s), else seconds with up to three decimals (10.5s) — the same spelling the flags take.
/// </summary>
public static class DurationWords
{
    public static string Format(TimeSpan span)
    {
        var negative = span < TimeSpan.Zero;
        var value = negative ? span.Negate() : span;
        var text = value == TimeSpan.Zero ? "0s"
            : value.Ticks % TimeSpan.TicksPerDay == 0 ? $"{value.Ticks / TimeSpan.TicksPerDay}d"
            : value.Ticks % TimeSpan.TicksPerHour == 0 ? $"{value.Ticks / TimeSpan.TicksPerHour}h"
            : value.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{value.Ticks / TimeSpan.TicksPerMinute}m"
            : value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return negative ? "-" + text : text;
    }
}
