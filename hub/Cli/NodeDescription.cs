using System.Globalization;
using System.Text;
using System.Text.Json;
using PiController.Hub.Events;
using PiController.Hub.Nodes;
using static PiController.Hub.Cli.DescribeText;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>describe node NODE</c>: identity, labels (set and derived), the agent's connection as a condition, the
/// hardware it reported (model, memory, pins, buses), the resources placed on it and its newest events.
/// </summary>
internal static class NodeDescription
{
    public static string Render(NodeView node, NodeLabelsView labels, JsonElement hardware, IReadOnlyList<string> resources,
        IReadOnlyList<EventView> events, DateTimeOffset now)
    {
        var text = new StringBuilder();
        Field(text, "Name", node.NodeId);
        Field(text, "Hostname", node.Hostname);
        Field(text, "Labels", string.Join(", ", labels.Labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        Field(text, "Derived", string.Join(", ", labels.Derived.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        Field(text, "Membership", node.Membership);
        Field(text, "Agent", node.AgentVersion);
        Field(text, "Address", node.RemoteAddress);
        Field(text, "OS", string.Join(", ", new[] { node.Os, node.Kernel, node.Architecture }.Where(v => v.Length > 0)));
        Field(text, "First seen", Time(node.FirstSeen));
        Field(text, "Last seen", Time(node.LastSeen));
        Table(text, "Conditions", ["TYPE", "STATUS", "REASON", "MESSAGE", "LAST TRANSITION"], [Connection(node)]);
        Block(text, "Hardware", Hardware(hardware));
        Block(text, "Metrics", Metrics(node.Metrics));
        Field(text, "Resources", string.Join(", ", resources));
        EventTable(text, events, now);
        return text.ToString().TrimEnd();
    }

    private static string[] Connection(NodeView node) => node.Connected
        ? ["Connected", "True", "AgentConnected", "the agent holds its stream to the hub", Time(node.ConnectedSince)]
        : node.RevokedAt is { } revoked ? ["Connected", "False", "Revoked", "the node's certificate was revoked; it cannot connect", Time(revoked)]
        : ["Connected", "False", "AgentNotConnected", node.Membership == "lost" ? "silent for longer than serve --lost-after" : "the agent is not connected",
            Time(node.DisconnectedAt)];

    private static IEnumerable<(string, string)> Hardware(JsonElement h)
    {
        if (h.ValueKind != JsonValueKind.Object || !h.EnumerateObject().Any())
        {
            yield break;
        }
        if (h.TryGetProperty("simulated", out var sim) && sim.ValueKind == JsonValueKind.True)
        {
            yield return ("Simulated", "yes (pi-agent --board sim)");
        }
        if (h.TryGetProperty("board", out var board))
        {
            yield return ("Model", Str(board, "model"));
            var type = string.Join(" ", new[] { Str(board, "boardType"), Str(board, "boardRevision") is { Length: > 0 } rev ? "rev " + rev : "" }.Where(s => s.Length > 0));
            var parts = string.Join(", ", new[] { Str(board, "processor"), Str(board, "manufacturer") }.Where(s => s.Length > 0));
            yield return ("Board", type + (parts.Length > 0 ? $" ({parts})" : ""));
            yield return ("Memory", Str(board, "memoryMegabytes") is { Length: > 0 } mb ? mb + " MB" : "");
            yield return ("Serial", Str(board, "serial"));
        }
        yield return ("GPIO chips", Items(h, "gpioChips", c => $"{Str(c, "name")} ({string.Join(", ", new[] { Str(c, "label"), Str(c, "lineCount") is { Length: > 0 } n ? n + " lines" : "" }.Where(s => s.Length > 0))})"));
        yield return ("I2C buses", Items(h, "i2cBuses", b => $"/dev/i2c-{Num(b, "bus")}" + (Str(b, "name") is { Length: > 0 } name ? $" ({name})" : "")));
        yield return ("PWM chips", Items(h, "pwmChips", c => $"pwmchip{Num(c, "chip")}" + (Str(c, "channelCount") is { Length: > 0 } n ? $" ({n} channels)" : "")));
        yield return ("SPI", Items(h, "spiDevices", d => $"spidev{Num(d, "bus")}.{Num(d, "chipSelect")}"));
        yield return ("UARTs", Items(h, "uarts", u => Str(u, "name")));
    }

    private static IEnumerable<(string, string)> Metrics(MetricsView? m)
    {
        if (m is null)
        {
            yield break;
        }
        var c = CultureInfo.InvariantCulture;
        if (m.CpuPercent is { } cpu) yield return ("CPU", string.Create(c, $"{cpu:0.#} %"));
        if (m.MemoryTotalBytes is { } total) yield return ("Memory", string.Create(c, $"{(total - (m.MemoryAvailableBytes ?? 0)) / 1048576} of {total / 1048576} MiB used"));
        if (m.TemperatureCelsius is { } t) yield return ("Temperature", string.Create(c, $"{t:0.#} °C"));
        if (m.Load1 is { } l1) yield return ("Load", string.Create(c, $"{l1:0.00} {m.Load5:0.00} {m.Load15:0.00}"));
        if (m.UptimeSeconds is { } up) yield return ("Uptime", Age(TimeSpan.FromSeconds(up)));
    }

    private static string Items(JsonElement o, string name, Func<JsonElement, string> item) =>
        o.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? string.Join(", ", a.EnumerateArray().Select(item)) : "";

    private static string Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array) ? Value(v) : "";

    // Protobuf JSON leaves out zero values: bus 0 and chip select 0 are absent.
    private static string Num(JsonElement o, string name) => Str(o, name) is { Length: > 0 } v ? v : "0";
}
