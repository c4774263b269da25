using System.Globalization;
using System.Text;
using System.Text.Json;
using PiController.Hub.Events;
using static PiController.Hub.Cli.DescribeText;

namespace PiController.Hub.Cli;

/// <summary><c>describe gpio|pwm|i2c NAME</c>: the resource, its conditions as a table and its newest events.</summary>
internal static class ResourceDescription
{
    public static string Render(JsonElement r, IReadOnlyList<EventView> events, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var status = r.GetProperty("status");
        Field(text, "Name", Str(r, "name"));
        Field(text, "Kind", Str(r, "kind"));
        Field(text, "Labels", Labels(r.GetProperty("labels")));
        var node = r.GetProperty("node");
        Field(text, "Node", Str(status, "node") + (node.TryGetProperty("selector", out var s) && s.ValueKind == JsonValueKind.String ? $" (selector {s.GetString()})" : ""));
        Field(text, "Generation", $"{Num(r, "generation")} (observed {Num(status, "observedGeneration")})");
        Field(text, "Created", Time(r, "createdAt"));
        Field(text, "Updated", Time(r, "updatedAt"));
        Block(text, "Spec", Fields(r.GetProperty("spec")));
        Block(text, "Observed", status.TryGetProperty("observed", out var observed) ? Fields(observed).Where(f => f.Item1 != "readingAt" && f.Item1 != "values") : []);
        if (observed.ValueKind == JsonValueKind.Object && observed.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            Block(text, "Last reading", [("At", Time(observed, "readingAt")), .. Fields(values)]);
        }
        Table(text, "Conditions", ["TYPE", "STATUS", "REASON", "MESSAGE", "LAST TRANSITION"],
            [.. status.GetProperty("conditions").EnumerateArray().Select(c => new[] { Str(c, "type"), Str(c, "status"), Str(c, "reason"), Str(c, "message"), Time(c, "lastTransitionTime") })]);
        EventTable(text, events, now);
        return text.ToString().TrimEnd();
    }

    private static string Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? Value(v) : "";

    private static string Num(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64().ToString(CultureInfo.InvariantCulture) : "-";
}
