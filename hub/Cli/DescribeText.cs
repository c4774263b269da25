using System.Text;
using System.Text.Json;
using PiController.Hub.Events;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>
/// The parts <c>describe</c> prints, as kubectl describe lays them out: "Field:" lines aligned, nested blocks
/// indented by two, tables for conditions and events. Pure functions of what the hub answered and of now, so
/// their output can be compared with golden text.
/// </summary>
internal static class DescribeText
{
    public const int EventCount = 10;
    private const int Label = 14;

    public static void Field(StringBuilder text, string name, string? value, int indent = 0) =>
        text.Append(' ', indent).Append((name + ":").PadRight(Label - indent)).AppendLine(string.IsNullOrEmpty(value) ? "<none>" : PrintableText.Escape(value));

    public static void Block(StringBuilder text, string name, IEnumerable<(string Name, string Value)> fields)
    {
        var list = fields.ToList();
        if (list.Count == 0)
        {
            Field(text, name, null);
            return;
        }
        text.AppendLine(name + ":");
        foreach (var (n, v) in list)
        {
            Field(text, n, v, 2);
        }
    }

    public static void Table(StringBuilder text, string name, string[] header, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            Field(text, name, null);
            return;
        }
        text.AppendLine(name + ":");
        foreach (var line in TextTable.Render(header, rows).Split('\n'))
        {
            text.Append("  ").AppendLine(line);
        }
    }

    /// <summary>The events, newest last, with their age: "AGE TYPE DETAILS".</summary>
    public static void EventTable(StringBuilder text, IReadOnlyList<EventView> events, DateTimeOffset now) =>
        Table(text, "Events", ["AGE", "TYPE", "DETAILS"], [.. events.Select(e => new[] { Age(now - e.At), e.Type, Details(e.Payload) })]);

    /// <summary>Labels as key=value, comma separated, in key order.</summary>
    public static string Labels(JsonElement labels) => labels.ValueKind == JsonValueKind.Object
        ? string.Join(", ", labels.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetString()}"))
        : "";

    /// <summary>The fields of an object as name/value pairs, nulls left out, nested objects flattened as {a=1, b=2}.</summary>
    public static IEnumerable<(string, string)> Fields(JsonElement o) => o.ValueKind != JsonValueKind.Object ? []
        : o.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => (p.Name, Value(p.Value)));

    public static string Value(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Object => "{" + string.Join(", ", v.EnumerateObject().Select(p => $"{p.Name}={Value(p.Value)}")) + "}",
        JsonValueKind.Array => "[" + string.Join(", ", v.EnumerateArray().Select(Value)) + "]",
        _ => v.GetRawText(),
    };

    /// <summary>A time as ISO 8601 in UTC, to the second.</summary>
    public static string Time(DateTimeOffset? time) => TextTable.Time(time, none: "");

    public static string Time(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var t) ? Time(t) : "";

    /// <summary>kubectl's ages: 45s, 12m, 5h, 3d (the largest whole unit; 2m30s under ten minutes).</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 10 ? (age.Seconds == 0 ? $"{(int)age.TotalMinutes}m" : $"{(int)age.TotalMinutes}m{age.Seconds}s")
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    private static string Details(JsonElement payload) =>
        string.Join(" ", Fields(payload).Where(f => f.Item1 is not ("resource" or "agentMonotonicNs")).Select(f => $"{f.Item1}={f.Item2}"));
}
