using PiController.Hub.Cli;
using PiController.Hub.Nodes;

namespace PiController.Hub.Tests.Cli;

public sealed class NodeTableTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private enum Column { NodeId, Hostname, Model, Arch, Os, Kernel, Agent, Status, Heartbeat, Cpu, Memory, Disk, Temp, Load, Uptime }

    [Fact]
    public void Values_the_agent_could_not_read_render_as_unknown()
    {
        var row = NodeTable.Row(Node(metrics: null) with { Hostname = "", Model = "", Architecture = "", Os = "", Kernel = "", AgentVersion = "" }, Now);

        foreach (var column in new[] { Column.Hostname, Column.Model, Column.Arch, Column.Os, Column.Kernel, Column.Agent,
                     Column.Cpu, Column.Memory, Column.Disk, Column.Temp, Column.Load, Column.Uptime })
        {
            Assert.True(row[(int)column] == "unknown", $"{column} shows \"{row[(int)column]}\"");
        }
        Assert.Equal("none", row[(int)Column.Heartbeat]);
    }

    [Fact]
    public void A_metric_reported_without_its_partner_renders_as_unknown()
    {
        var metrics = new MetricsView(CpuPercent: 3.24, MemoryTotalBytes: 4UL << 30, MemoryAvailableBytes: null, DiskTotalBytes: null,
            DiskAvailableBytes: 1UL << 30, TemperatureCelsius: null, Load1: null, Load5: null, Load15: null, UptimeSeconds: null);

        var row = NodeTable.Row(Node(metrics), Now);

        Assert.Equal("3.2%", row[(int)Column.Cpu]);
        Assert.Equal("unknown", row[(int)Column.Memory]);
        Assert.Equal("unknown", row[(int)Column.Disk]);
        Assert.Equal("unknown", row[(int)Column.Temp]);
    }

    [Fact]
    public void A_fully_reported_node_renders_every_value()
    {
        var metrics = new MetricsView(CpuPercent: 12.5, MemoryTotalBytes: 4UL << 30, MemoryAvailableBytes: 3UL << 30, DiskTotalBytes: 32UL << 30,
            DiskAvailableBytes: 20UL << 30, TemperatureCelsius: 48.56, Load1: 0.5, Load5: 0.25, Load15: 0.1, UptimeSeconds: 3 * 86400 + 5);

        var row = NodeTable.Row(Node(metrics) with { Connected = true, ConnectedSince = Now.AddMinutes(-5), LastHeartbeat = Now.AddSeconds(-30) }, Now);

        Assert.Equal("pi-kitchen", row[(int)Column.Hostname]);
        Assert.Equal("connected 5m", row[(int)Column.Status]);
        Assert.Equal("30s ago", row[(int)Column.Heartbeat]);
        Assert.Equal("12.5%", row[(int)Column.Cpu]);
        Assert.Equal("1.0GiB/4.0GiB", row[(int)Column.Memory]);
        Assert.Equal("12.0GiB/32.0GiB", row[(int)Column.Disk]);
        Assert.Equal("48.6°C", row[(int)Column.Temp]);
        Assert.Equal("0.50 0.25 0.10", row[(int)Column.Load]);
        Assert.Equal("3d", row[(int)Column.Uptime]);
    }

    [Fact]
    public void A_disconnected_node_shows_how_long_it_has_been_away()
    {
        var row = NodeTable.Row(Node(metrics: null) with { Connected = false, DisconnectedAt = Now.AddHours(-3).AddMinutes(-7) }, Now);

        Assert.Equal("disconnected 3h07m", row[(int)Column.Status]);
    }

    [Fact]
    public void A_simulated_board_is_marked_as_such()
    {
        var row = NodeTable.Row(Node(metrics: null) with { Board = "sim" }, Now);

        Assert.Equal("Raspberry Pi 4 Model B Rev 1.5 (simulated)", row[(int)Column.Model]);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3599, "59m")]
    [InlineData(3600, "1h00m")]
    [InlineData(47 * 3600 + 59 * 60, "47h59m")]
    [InlineData(48 * 3600, "2d")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(-30, "0s")]
    public void Durations_are_short_and_whole(int seconds, string expected) =>
        Assert.Equal(expected, NodeTable.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0UL, "0B")]
    [InlineData(1023UL, "1023B")]
    [InlineData(1024UL, "1.0KiB")]
    [InlineData(1536UL, "1.5KiB")]
    [InlineData(1048576UL, "1.0MiB")]
    [InlineData(8UL << 30, "8.0GiB")]
    [InlineData(3UL << 40, "3.0TiB")]
    [InlineData(1UL << 50, "1024.0TiB")]
    public void Byte_sizes_use_binary_units(ulong bytes, string expected) =>
        Assert.Equal(expected, NodeTable.Bytes(bytes));

    [Fact]
    public void An_empty_fleet_says_how_to_add_a_node()
    {
        Assert.Contains("No nodes yet", NodeTable.Render([], Now), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_aligns_columns_under_the_header()
    {
        var nodes = new[] { Node(metrics: null), Node(metrics: null) with { NodeId = "2", Hostname = "pi-x" } };

        var lines = NodeTable.Render(nodes, Now).Split('\n');

        Assert.Equal(3, lines.Length);
        var hostnameColumn = lines[0].IndexOf("HOSTNAME", StringComparison.Ordinal);
        Assert.Equal(hostnameColumn, lines[1].IndexOf("pi-kitchen", StringComparison.Ordinal));
        Assert.Equal(hostnameColumn, lines[2].IndexOf("pi-x", StringComparison.Ordinal));
    }

    private static NodeView Node(MetricsView? metrics) => new(
        NodeId: "10000000abcdef01",
        Hostname: "pi-kitchen",
        Model: "Raspberry Pi 4 Model B Rev 1.5",
        Architecture: "linux-arm64",
        Os: "Debian GNU/Linux 12 (bookworm)",
        Kernel: "6.6.31+rpt-rpi-v8",
        Board: "native",
        AgentVersion: "0.1.0",
        Connected: false,
        ConnectedSince: null,
        DisconnectedAt: Now.AddMinutes(-1),
        FirstSeen: Now.AddDays(-1),
        LastSeen: Now.AddMinutes(-1),
        LastHeartbeat: null,
        RemoteAddress: "10.77.0.5",
        Metrics: metrics,
        EnrolledAt: Now.AddDays(-1),
        RevokedAt: null);
}
