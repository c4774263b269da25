using System.Globalization;
using System.Text;
using System.Text.Json;
using PiController.Hub.Resources;
using PiController.Protocol.Text;

using PiController.Hub.Cli.Output;

namespace PiController.Hub.Cli;

/// <summary>Resources for people: a table for lists, a description with every condition for one.</summary>
internal static class ResourceText
{
    /// <summary>
    /// Resources of one kind in every format (-o name: <c>gpiopin/porch-light</c>); -o wide adds the labels and the
    /// time of the last status update.
    /// </summary>
    public static ObjectPrinter<JsonElement> Printer(ResourceKind kind) => new(kind.Name().ToLowerInvariant(), r => Str(r, "name"), HubJsonContext.Default.JsonElement,
    [
        new("NAME", r => Str(r, "name")),
        new("NODE", r => Str(r.GetProperty("status"), "node")),
        new("TARGET", r => Target(kind, r.GetProperty("spec"))),
        new("STATUS", r => Summary(r.GetProperty("status"))),
        new("OBSERVED/GEN", r => $"{Num(r.GetProperty("status"), "observedGeneration")}/{Num(r, "generation")}"),
        new("LABELS", r => r.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? string.Join(",", l.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}")) is { Length: > 0 } text ? text : "-"
            : "-", Wide: true),
        new("UPDATED", r => Str(r.GetProperty("status"), "lastUpdate") is { Length: > 0 } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, out var time)
            ? TextTable.Time(time) : "-", Wide: true),
    ]);

    public static string Table(ResourceKind kind, JsonElement list)
    {
        var rows = list.EnumerateArray().Select(r => new[]
        {
            Str(r, "name"),
            Str(r.GetProperty("status"), "node"),
            Target(kind, r.GetProperty("spec")),
            Summary(r.GetProperty("status")),
            $"{Num(r.GetProperty("status"), "observedGeneration")}/{Num(r, "generation")}",
        }).ToList();
        return rows.Count == 0
            ? $"no {kind.Name()} resources"
            : TextTable.Render(["NAME", "NODE", "TARGET", "STATUS", "OBSERVED/GEN"], rows);
    }

    public static string Describe(JsonElement r)
    {
        var text = new StringBuilder();
        var status = r.GetProperty("status");
        text.AppendLine($"{Str(r, "kind")}/{Str(r, "name")}  generation {Num(r, "generation")}, observed {Num(status, "observedGeneration")}");
        var node = r.GetProperty("node");
        text.AppendLine($"node: {Str(status, "node")}" + (node.TryGetProperty("selector", out var s) && s.ValueKind == JsonValueKind.String ? $" (selector {PrintableText.Escape(s.GetString())})" : ""));
        var labels = r.GetProperty("labels");
        if (labels.ValueKind == JsonValueKind.Object && labels.EnumerateObject().Any())
        {
            text.AppendLine("labels: " + string.Join(", ", labels.EnumerateObject().Select(p => PrintableText.Escape($"{p.Name}={p.Value.GetString()}"))));
        }
        text.AppendLine("spec: " + Fields(r.GetProperty("spec")));
        if (status.TryGetProperty("observed", out var observed) && observed.ValueKind == JsonValueKind.Object)
        {
            text.AppendLine("observed: " + Fields(observed));
        }
        foreach (var c in status.GetProperty("conditions").EnumerateArray())
        {
            var message = Str(c, "message");
            text.AppendLine($"  {Str(c, "type"),-12} {Str(c, "status"),-6} {Str(c, "reason")}{(message.Length > 0 ? ": " + message : "")}");
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>The condition that is True, with its reason: "Applied", "NodeOffline (AgentNotConnected)"; "Pending" before the first.</summary>
    private static string Summary(JsonElement status)
    {
        var on = status.GetProperty("conditions").EnumerateArray().FirstOrDefault(c => Str(c, "status") == ResourceCondition.True);
        return on.ValueKind != JsonValueKind.Object ? "Pending"
            : Str(on, "type") == Str(on, "reason") ? Str(on, "type") : $"{Str(on, "type")} ({Str(on, "reason")})";
    }

    private static string Target(ResourceKind kind, JsonElement spec) => kind == ResourceKind.I2cDevice
        ? $"bus {Str(spec, "bus")} {Str(spec, "address")} {Str(spec, "device")}"
        : $"pin {Str(spec, "pin")}" + (kind == ResourceKind.GpioPin ? $" {Str(spec, "mode")}" + (Str(spec, "value") is { Length: > 0 } v ? $"={v}" : "") : $" {Str(spec, "frequencyHz")} Hz {Str(spec, "dutyPercent")} %");

    private static string Fields(JsonElement o) => string.Join(", ", o.EnumerateObject()
        .Where(p => p.Value.ValueKind != JsonValueKind.Null)
        .Select(p => $"{p.Name}={p.Value.ValueKind switch
        {
            JsonValueKind.String => PrintableText.Escape(p.Value.GetString()),
            JsonValueKind.Object => "{" + Fields(p.Value) + "}",
            _ => p.Value.GetRawText(),
        }}"));

    private static string Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => PrintableText.Escape(v.GetString()),
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => v.GetRawText(),
        } : "";

    private static string Num(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64().ToString(CultureInfo.InvariantCulture) : "-";
}
