using System.Globalization;
using PiController.Hub.Cli.Output;
using PiController.Hub.Nodes;

namespace PiController.Hub.Cli;

/// <summary>
/// Nodes on a terminal: the default table (id, hostname, status, since, cpu, memory, temperature) fits 100
/// columns; -o wide adds the board, software, heartbeat, disk, load and uptime. A value the agent could not read is
/// shown as "unknown".
/// </summary>
internal static class NodeTable
{
    private const string Unknown = "unknown";

    /// <summary>What an empty fleet prints: how a node joins with the join-token flow.</summary>
    public const string Empty =
        "No nodes yet. To add one: pi-controller token create prints a join token (once). On the Pi, put it\n" +
        "and the hub's address in /etc/pi-controller/agent.conf (hub = https://HUB:8443, token = PIC1...)\n" +
        "and start pi-agent (README: \"Install on a Pi\"); the node is listed here once its agent connects.";

    private enum Wide { NodeId, Hostname, Model, Arch, Os, Kernel, Agent, Status, Heartbeat, Cpu, Memory, Disk, Temp, Load, Uptime }

    /// <summary>Nodes in every output format, their ages measured from <paramref name="now"/>.</summary>
    public static ObjectPrinter<NodeView> Printer(DateTimeOffset now) => new("node", n => n.NodeId, HubJsonContext.Default.NodeView,
    [
        Cell("NODE ID", Wide.NodeId, now),
        Cell("HOSTNAME", Wide.Hostname, now),
        Cell("MODEL", Wide.Model, now, wide: true),
        Cell("ARCH", Wide.Arch, now, wide: true),
        Cell("OS", Wide.Os, now, wide: true),
        Cell("KERNEL", Wide.Kernel, now, wide: true),
        Cell("AGENT", Wide.Agent, now, wide: true),
        new("STATUS", State, Narrow: true),
        new("SINCE", n => Ago(n.RevokedAt ?? (n.Connected ? n.ConnectedSince : n.DisconnectedAt ?? (n.ConnectedSince is null ? n.EnrolledAt : n.LastSeen)), now), Narrow: true),
        Cell("STATUS", Wide.Status, now, wide: true),
        Cell("HEARTBEAT", Wide.Heartbeat, now, wide: true),
        Cell("CPU", Wide.Cpu, now),
        Cell("MEMORY", Wide.Memory, now),
        Cell("DISK", Wide.Disk, now, wide: true),
        Cell("TEMP", Wide.Temp, now),
        Cell("LOAD", Wide.Load, now, wide: true),
        Cell("UPTIME", Wide.Uptime, now, wide: true),
    ]);

    /// <summary>One word: connected, disconnected, lost, revoked or enrolled (never connected).</summary>
    public static string State(NodeView n) =>
        n.RevokedAt is not null ? "revoked"
        : n.Connected ? "connected"
        : n.Membership == "lost" ? "lost"
        : n.DisconnectedAt is null && n.ConnectedSince is null && n.EnrolledAt is not null ? "enrolled"
        : "disconnected";

    /// <summary>Every cell of the wide table, in its order.</summary>
    public static string[] Row(NodeView n, DateTimeOffset now)
    {
        var m = n.Metrics;
        return
        [
            n.NodeId,
            Or(n.Hostname),
            Or(n.Model) + (n.Board == "sim" ? " (simulated)" : ""),
            Or(n.Architecture),
            Or(n.Os),
            Or(n.Kernel),
            Or(n.AgentVersion),
            n.RevokedAt is { } revoked ? $"revoked {Ago(revoked, now)} ago"
            : n.Connected ? $"connected {Ago(n.ConnectedSince, now)}"
            : n.Membership == "lost" ? $"lost, disconnected {Ago(n.DisconnectedAt ?? n.LastSeen, now)}"
            : n.DisconnectedAt is null && n.ConnectedSince is null && n.EnrolledAt is not null ? "enrolled, never connected"
            : $"disconnected {Ago(n.DisconnectedAt ?? n.LastSeen, now)}",
            n.LastHeartbeat is { } hb ? Ago(hb, now) + " ago" : "none",
            m?.CpuPercent is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) + "%" : Unknown,
            m is { MemoryTotalBytes: { } total, MemoryAvailableBytes: { } available } ? $"{Bytes(total - Math.Min(total, available))}/{Bytes(total)}" : Unknown,
            m is { DiskTotalBytes: { } dt, DiskAvailableBytes: { } da } ? $"{Bytes(dt - Math.Min(dt, da))}/{Bytes(dt)}" : Unknown,
            m?.TemperatureCelsius is { } t ? t.ToString("0.0", CultureInfo.InvariantCulture) + "°C" : Unknown,
            m is { Load1: { } l1, Load5: { } l5, Load15: { } l15 } ? string.Create(CultureInfo.InvariantCulture, $"{l1:0.00} {l5:0.00} {l15:0.00}") : Unknown,
            m?.UptimeSeconds is { } up ? Duration(TimeSpan.FromSeconds(up)) : Unknown,
        ];
    }

    private static Column<NodeView> Cell(string header, Wide column, DateTimeOffset now, bool wide = false) =>
        new(header, n => Row(n, now)[(int)column], Wide: wide);

    private static string Or(string value) => value.Length == 0 ? Unknown : value;

    private static string Ago(DateTimeOffset? then, DateTimeOffset now) =>
        then is { } t ? Duration(now - t) : Unknown;

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds}s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : $"{(int)span.TotalDays}d";
    }

    public static string Bytes(ulong bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + units[unit];
    }
}
