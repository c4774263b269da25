using PiController.Hub.Cli;
using PiController.Hub.Cli.Output;
using PiController.Hub.Nodes;

namespace PiController.Hub.Tests.Cli.Output;

/// <summary>Golden output of each format (table, wide, json, yaml, name) on the nodes a fleet of two would show.</summary>
public sealed class OutputFormatTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_table_shows_status_and_metrics_in_100_columns()
    {
        Assert.Equal("""
            NODE ID                 HOSTNAME             STATUS        SINCE  CPU      MEMORY         TEMP
            10000000abcdef01        pi-kitchen           connected     5m     12.5%    1.0GiB/4.0GiB  48.6°C
            pi-greenhouse-north-01  pi-greenhouse-north  disconnected  3h07m  unknown  unknown        unknown
            """, Print(OutputFormat.Table));
    }

    [Fact]
    public void Wide_adds_the_board_software_heartbeat_disk_load_and_uptime()
    {
        Assert.Equal("""
            NODE ID                 HOSTNAME             MODEL                                  ARCH         OS                              KERNEL               AGENT  STATUS              HEARTBEAT  CPU      MEMORY         DISK             TEMP     LOAD            UPTIME
            10000000abcdef01        pi-kitchen           Raspberry Pi 4 Model B Rev 1.5         linux-arm64  Debian GNU/Linux 12 (bookworm)  6.6.31+rpt-rpi-v8    0.1.0  connected 5m        3s ago     12.5%    1.0GiB/4.0GiB  12.0GiB/32.0GiB  48.6°C   0.50 0.25 0.10  3d
            pi-greenhouse-north-01  pi-greenhouse-north  Raspberry Pi Compute Module 4 Rev 1.1  linux-arm64  Debian GNU/Linux 12 (bookworm)  6.6.31+rpt-rpi-2712  0.1.0  disconnected 3h07m  none       unknown  unknown        unknown          unknown  unknown         unknown
            """, Print(OutputFormat.Wide));
    }

    [Fact]
    public void Json_is_an_array_of_the_API_objects_with_plain_plus_signs_in_times()
    {
        Assert.Equal("""
            [
              {
                "nodeId": "10000000abcdef01",
                "hostname": "pi-kitchen",
                "model": "Raspberry Pi 4 Model B Rev 1.5",
                "architecture": "linux-arm64",
                "os": "Debian GNU/Linux 12 (bookworm)",
                "kernel": "6.6.31+rpt-rpi-v8",
                "board": "native",
                "agentVersion": "0.1.0",
                "connected": true,
                "connectedSince": "2025-06-01T11:55:00+00:00",
                "disconnectedAt": null,
                "firstSeen": "2025-05-31T12:00:00+00:00",
                "lastSeen": "2025-06-01T12:00:00+00:00",
                "lastHeartbeat": "2025-06-01T11:59:57+00:00",
                "remoteAddress": "10.77.0.5",
                "metrics": {
                  "cpuPercent": 12.5,
                  "memoryTotalBytes": 4294967296,
                  "memoryAvailableBytes": 3221225472,
                  "diskTotalBytes": 34359738368,
                  "diskAvailableBytes": 21474836480,
                  "temperatureCelsius": 48.56,
                  "load1": 0.5,
                  "load5": 0.25,
                  "load15": 0.1,
                  "uptimeSeconds": 259205
                },
                "enrolledAt": "2025-05-31T12:00:00+00:00",
                "revokedAt": null,
                "membership": "enrolled"
              },
              {
                "nodeId": "pi-greenhouse-north-01",
                "hostname": "pi-greenhouse-north",
                "model": "Raspberry Pi Compute Module 4 Rev 1.1",
                "architecture": "linux-arm64",
                "os": "Debian GNU/Linux 12 (bookworm)",
                "kernel": "6.6.31+rpt-rpi-2712",
                "board": "native",
                "agentVersion": "0.1.0",
                "connected": false,
                "connectedSince": null,
                "disconnectedAt": "2025-06-01T08:53:00+00:00",
                "firstSeen": "2025-05-23T12:00:00+00:00",
                "lastSeen": "2025-06-01T09:00:00+00:00",
                "lastHeartbeat": null,
                "remoteAddress": "10.77.0.6",
                "metrics": null,
                "enrolledAt": "2025-05-23T12:00:00+00:00",
                "revokedAt": null,
                "membership": "enrolled"
              }
            ]
            """, Print(OutputFormat.Json));
    }

    [Fact]
    public void Yaml_is_a_block_sequence_of_the_same_objects()
    {
        Assert.Equal("""
            - nodeId: 10000000abcdef01
              hostname: pi-kitchen
              model: Raspberry Pi 4 Model B Rev 1.5
              architecture: linux-arm64
              os: Debian GNU/Linux 12 (bookworm)
              kernel: 6.6.31+rpt-rpi-v8
              board: native
              agentVersion: "0.1.0"
              connected: true
              connectedSince: "2025-06-01T11:55:00+00:00"
              disconnectedAt: null
              firstSeen: "2025-05-31T12:00:00+00:00"
              lastSeen: "2025-06-01T12:00:00+00:00"
              lastHeartbeat: "2025-06-01T11:59:57+00:00"
              remoteAddress: "10.77.0.5"
              metrics:
                cpuPercent: 12.5
                memoryTotalBytes: 4294967296
                memoryAvailableBytes: 3221225472
                diskTotalBytes: 34359738368
                diskAvailableBytes: 21474836480
                temperatureCelsius: 48.56
                load1: 0.5
                load5: 0.25
                load15: 0.1
                uptimeSeconds: 259205
              enrolledAt: "2025-05-31T12:00:00+00:00"
              revokedAt: null
              membership: enrolled
            - nodeId: pi-greenhouse-north-01
              hostname: pi-greenhouse-north
              model: Raspberry Pi Compute Module 4 Rev 1.1
              architecture: linux-arm64
              os: Debian GNU/Linux 12 (bookworm)
              kernel: 6.6.31+rpt-rpi-2712
              board: native
              agentVersion: "0.1.0"
              connected: false
              connectedSince: null
              disconnectedAt: "2025-06-01T08:53:00+00:00"
              firstSeen: "2025-05-23T12:00:00+00:00"
              lastSeen: "2025-06-01T09:00:00+00:00"
              lastHeartbeat: null
              remoteAddress: "10.77.0.6"
              metrics: null
              enrolledAt: "2025-05-23T12:00:00+00:00"
              revokedAt: null
              membership: enrolled
            """, Print(OutputFormat.Yaml));
    }

    [Fact]
    public void Name_prints_kind_slash_id_lines()
    {
        Assert.Equal("node/10000000abcdef01\nnode/pi-greenhouse-north-01", Print(OutputFormat.Name));
    }

    internal static NodeView[] Fleet() =>
    [
        new(
            NodeId: "10000000abcdef01", Hostname: "pi-kitchen", Model: "Raspberry Pi 4 Model B Rev 1.5", Architecture: "linux-arm64",
            Os: "Debian GNU/Linux 12 (bookworm)", Kernel: "6.6.31+rpt-rpi-v8", Board: "native", AgentVersion: "0.1.0",
            Connected: true, ConnectedSince: Now.AddMinutes(-5), DisconnectedAt: null, FirstSeen: Now.AddDays(-1), LastSeen: Now,
            LastHeartbeat: Now.AddSeconds(-3), RemoteAddress: "10.77.0.5",
            Metrics: new MetricsView(12.5, 4UL << 30, 3UL << 30, 32UL << 30, 20UL << 30, 48.56, 0.5, 0.25, 0.1, 3 * 86400 + 5),
            EnrolledAt: Now.AddDays(-1), RevokedAt: null),
        new(
            NodeId: "pi-greenhouse-north-01", Hostname: "pi-greenhouse-north", Model: "Raspberry Pi Compute Module 4 Rev 1.1", Architecture: "linux-arm64",
            Os: "Debian GNU/Linux 12 (bookworm)", Kernel: "6.6.31+rpt-rpi-2712", Board: "native", AgentVersion: "0.1.0",
            Connected: false, ConnectedSince: null, DisconnectedAt: Now.AddHours(-3).AddMinutes(-7), FirstSeen: Now.AddDays(-9), LastSeen: Now.AddHours(-3),
            LastHeartbeat: null, RemoteAddress: "10.77.0.6", Metrics: null, EnrolledAt: Now.AddDays(-9), RevokedAt: null),
    ];

    private static string Print(OutputFormat format)
    {
        var output = new StringWriter { NewLine = "\n" };
        using (Terminal.RedirectTo(output, output))
        {
            NodeTable.Printer(Now).PrintList(format, Fleet(), NodeTable.Empty);
        }
        return output.ToString().TrimEnd('\n');
    }
}
