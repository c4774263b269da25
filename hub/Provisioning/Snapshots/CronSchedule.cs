using System.Globalization;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>
/// A cron schedule as K3s reads <c>--etcd-snapshot-schedule-cron</c> (robfig/cron's standard parser): five fields,
/// minute hour day-of-month month day-of-week, each <c>*</c>, a value, a range <c>a-b</c>, a step <c>*/n</c> or
/// <c>a-b/n</c>, or a comma list of these; month and weekday names (jan, mon); 7 is Sunday too; or one of @yearly,
/// @monthly, @weekly, @daily, @midnight, @hourly. When both day fields are restricted a day matches either (cron's
/// rule). Times are UTC.
/// </summary>
internal sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _eitherDay;

    private CronSchedule(string text, string[] fields)
    {
        Text = text;
        _minutes = Field(fields[0], 0, 59, null, "minute");
        _hours = Field(fields[1], 0, 23, null, "hour");
        _days = Field(fields[2], 1, 31, null, "day of month");
        _months = Field(fields[3], 1, 12, MonthNames, "month");
        var weekdays = Field(fields[4], 0, 7, DayNames, "day of week");
        weekdays[0] |= weekdays[7];
        _weekdays = weekdays[..7];
        _eitherDay = !fields[2].StartsWith('*') && !fields[4].StartsWith('*');
    }

    /// <summary>The text as given (trimmed).</summary>
    public string Text { get; }

    /// <exception cref="FormatException">The text is not a schedule; the message says which field and why.</exception>
    public static CronSchedule Parse(string text)
    {
        var trimmed = text.Trim();
        var expanded = trimmed switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => trimmed,
        };
        var fields = expanded.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5
            ? new CronSchedule(trimmed, fields)
            : throw new FormatException($"\"{trimmed}\" is not a cron schedule: it needs five fields, minute hour day-of-month month day-of-week (K3s's default is \"0 */12 * * *\"), or @hourly, @daily, @weekly, @monthly");
    }

    /// <summary>The first minute strictly after <paramref name="after"/> that the schedule names; null if none within five years (31 February).</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var start = after.ToUniversalTime();
        var minute = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var day = new DateTimeOffset(minute.Year, minute.Month, minute.Day, 0, 0, 0, TimeSpan.Zero);
        for (var d = 0; d < 366 * 5; d++, day = day.AddDays(1))
        {
            if (!DayMatches(day))
            {
                continue;
            }
            for (var h = 0; h < 24; h++)
            {
                for (var m = 0; _hours[h] && m < 60; m++)
                {
                    var at = day.AddHours(h).AddMinutes(m);
                    if (_minutes[m] && at >= minute)
                    {
                        return at;
                    }
                }
            }
        }
        return null;
    }

    private bool DayMatches(DateTimeOffset day)
    {
        if (!_months[day.Month])
        {
            return false;
        }
        var dom = _days[day.Day];
        var dow = _weekdays[(int)day.DayOfWeek];
        return _eitherDay ? dom || dow : dom && dow;
    }

    private static bool[] Field(string text, int min, int max, string[]? names, string what)
    {
        var set = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            var slash = part.Split('/');
            if (slash.Length > 2)
            {
                throw Bad(text, what, min, max);
            }
            var step = slash.Length == 2 ? Number(slash[1], 1, max, null, text, what, min, max) : 1;
            int from, to;
            if (slash[0] == "*")
            {
                (from, to) = (min, max);
            }
            else if (slash[0].Split('-') is [var a, var b])
            {
                (from, to) = (Number(a, min, max, names, text, what, min, max), Number(b, min, max, names, text, what, min, max));
            }
            else
            {
                from = Number(slash[0], min, max, names, text, what, min, max);
                to = slash.Length == 2 ? max : from;
            }
            if (from > to)
            {
                throw Bad(text, what, min, max);
            }
            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }
        return set;
    }

    private static int Number(string text, int low, int high, string[]? names, string field, string what, int min, int max)
    {
        if (names is not null && Array.IndexOf(names, text.ToLowerInvariant()) is var index and >= 0)
        {
            return index + (names == MonthNames ? 1 : 0);
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high
            ? value
            : throw Bad(field, what, min, max);
    }

    private static FormatException Bad(string field, string what, int min, int max) =>
        new($"\"{field}\" is not a {what} field: use *, a number {min}-{max}, a range a-b, a step */n, or a list of these");
}
