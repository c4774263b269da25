using System.Globalization;

namespace PiController.Hub.Cli;

/// <summary>Durations as people type them: <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>, or combined (<c>1h30m</c>).</summary>
internal static class DurationText
{
    public static TimeSpan Parse(string text, string option)
    {
        var rest = text.Trim();
        var total = TimeSpan.Zero;
        if (rest.Length == 0)
        {
            throw Invalid(text, option);
        }
        while (rest.Length > 0)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }
            if (digits == 0 || digits == rest.Length || !long.TryParse(rest.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw Invalid(text, option);
            }
            var unit = rest[digits] switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                'w' => TimeSpan.FromDays(7),
                _ => throw Invalid(text, option),
            };
            if (value > TimeSpan.MaxValue.Ticks / unit.Ticks / 2)
            {
                throw Invalid(text, option);
            }
            total += unit * value;
            rest = rest[(digits + 1)..];
        }
        return total > TimeSpan.Zero ? total : throw new CliException($"{option} must be longer than zero, got \"{text}\"");
    }

    private static CliException Invalid(string text, string option) =>
        new($"{option} takes a duration such as 90s, 30m, 24h, 7d or 1h30m, got \"{text}\"");
}
