using System.Globalization;
using PiController.Hub.Nodes;

namespace PiController.Hub.Cli;

/// <summary>Formats nodes for a terminal. A value the agent could not read is shown as "unknown".</summary>
internal static class NodeTable
{
    private const string Unknown = "unknown";

    public static string Render(IReadOnlyList<NodeView> nodes, DateTimeOffset now)
    {
        if (nodes.Count == 0)
        {
            return "No nodes yet. Start pi-agent on a Pi with the hub's address and a join token (the hub's join.token, or pi-controller token create; README: Install on a Pi); it is listed here once it connects.";
        }
        string[] header = ["NODE ID", "HOSTNAME", "MODEL", "ARCH", "OS", "KERNEL", "AGENT", "STATUS", "HEARTBEAT", "CPU", "MEMORY", "DISK", "TEMP", "LOAD", "UPTIME"];
        return TextTable.Render(header, nodes.Select(n => Row(n, now)));
    }

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
