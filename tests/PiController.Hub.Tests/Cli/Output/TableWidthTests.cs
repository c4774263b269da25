using PiController.Hub.Audit;
using PiController.Hub.Cli;
using PiController.Hub.Discovery;
using PiController.Hub.Hardware;
using PiController.Hub.Nodes;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Cli.Output;

/// <summary>No line of a default table is longer than 100 columns, with long values real fleets have.</summary>
public sealed class TableWidthTests
{
    private const int Columns = 100;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Nodes_fit_and_wide_is_wider()
    {
        var printer = NodeTable.Printer(Now);
        var nodes = OutputFormatTests.Fleet().Select(n => n with { Metrics = new MetricsView(100, 16UL << 30, 1UL << 20, 1UL << 40, 1UL << 20, 85.25, 12.5, 10, 8, 400 * 86400) }).ToList();

        Fits(printer.Table(nodes, wide: false));
        Assert.True(printer.Table(nodes, wide: true).Split('\n').Max(l => l.Length) > Columns);
    }

    [Fact]
    public void Tokens_audit_enrollments_and_discovered_machines_fit()
    {
        Fits(TokenCommand.JoinTokens.Table([new JoinTokenView("0123456789abcdef", "greenhouse Pis, batch 2 (spring)", Now, Now.AddDays(1), 25, 12, null, "used up")], wide: false));
        Fits(TokenCommand.ApiTokens.Table([new ApiTokenView("0123456789ab", "grafana dashboard reader", "operator", Now, null, Now, "revoked")], wide: false));
        Fits(AuditCommand.Printer.Table([new AuditEntry(123456, Now, "token 0123456789ab (operator)", "fd00:77:1234::42", "gpio.write",
            "node pi-greenhouse-north-01 pin 17", 409, 9, "refused", 12, Now)], wide: false));
        Fits(EnrollmentTable.Printer.Table([new EnrollmentRequestView("pi-greenhouse-north-01", new string('a', 64), "fd00:77:1234::42", Now, false)], wide: false));
        Fits(DiscoveryTable.Printer(Now).Table([new DiscoveredMachineView(1234, "pi-greenhouse-north-01", "b8:27:eb:12:34:56", "192.168.178.123",
            "pi-greenhouse-north", "Raspberry Pi 4 Model B Rev 1.5", "0.1.0", true, "certain", "agent", "waiting", Now.AddDays(-30), Now, [])], wide: false));
    }

    [Fact]
    public void Pins_channels_edges_and_readings_fit()
    {
        Fits(HardwareTables.Pins.Table([new GpioPinView(27, 13, "input", "down", true, "both", 250, "high")], wide: false));
        Fits(HardwareTables.Channels.Table([new PwmChannelView(18, 0, 2, 25_000_000, 33.33)], wide: false));
        Fits(HardwareTables.Edges.Table([new PinEventView(27, "falling", Now, 123_456_789_012_345, Now)], wide: false));
        Fits(HardwareTables.Readings.Table([new SensorReadingView("pi-greenhouse-north-01", 1, "0x76", "bme280", Now,
            new Dictionary<string, double> { ["temperature_celsius"] = 21.53, ["humidity_percent"] = 45.2, ["pressure_hpa"] = 1013.25 })], wide: false));
    }

    private static void Fits(string table) =>
        Assert.All(table.Split('\n'), line => Assert.True(line.Length <= Columns, $"{line.Length} columns: {line}"));
}
