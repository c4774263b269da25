using PiController.Agent.Hardware.Probe;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Probe.Boards;

/// <summary>A Raspberry Pi 5: the header sits on RP1's pinctrl-rp1 chip, beside four BCM2712 chips.</summary>
public sealed class Pi5ProbeTests
{
    private readonly HardwareReport _report = BoardProbe.ForSystem(Fixture.Root("pi5")).Probe();

    [Fact]
    public void Board_is_identified_from_device_tree_and_revision_code()
    {
        var board = _report.Board;

        Assert.True(board.RaspberryPi);
        Assert.Equal("Raspberry Pi 5 Model B Rev 1.0", board.Model);
        Assert.Equal("9d00ce41d137e638", board.Serial);
        Assert.Equal(0xd04170u, board.RevisionCode);
        Assert.Equal(0x17u, board.BoardTypeCode);
        Assert.Equal("5", board.BoardType);
        Assert.Equal("1.0", board.BoardRevision);
        Assert.Equal(8192u, board.MemoryMegabytes);
        Assert.Equal("BCM2712", board.Processor);
    }

    [Fact]
    public void Five_chips_are_listed_in_order_with_labels_and_line_counts()
    {
        Assert.Equal(
            [("gpiochip0", "gpio-brcmstb@107d508500", 32u), ("gpiochip1", "gpio-brcmstb@107d508520", 4u),
             ("gpiochip2", "gpio-brcmstb@107d517c00", 17u), ("gpiochip3", "gpio-brcmstb@107d517c20", 6u),
             ("gpiochip4", "pinctrl-rp1", 54u)],
            _report.GpioChips.Select(c => (c.Name, c.Label, c.LineCount)));
    }

    [Fact]
    public void Rp1_chip_carries_the_header_lines()
    {
        var rp1 = Assert.Single(_report.GpioChips, c => c.Label == "pinctrl-rp1");

        Assert.Equal(54, rp1.Lines.Count);
        Assert.Equal("ID_SDA", rp1.Lines[0].Name);
        Assert.Equal(new GpioLine { Offset = 17, Name = "GPIO17", Consumer = "", Used = false }, rp1.Lines[17]);
        Assert.Equal(new GpioLine { Offset = 32, Name = "ETH_RST_N", Consumer = "phy-reset", Used = true }, rp1.Lines[32]);
        // Unnamed lines are named "-" in the Pi 5 device tree; the name is reported as the kernel gives it.
        Assert.Equal("-", rp1.Lines[33].Name);
        Assert.DoesNotContain(rp1.Lines.Take(28), l => l.Used);
    }

    [Fact]
    public void Pwm_chips_report_channels_and_exports()
    {
        Assert.Equal(
            [(0u, 4u, new uint[] { 2 }), (1u, 4u, Array.Empty<uint>())],
            _report.PwmChips.Select(p => (p.Chip, p.ChannelCount, p.ExportedChannels.ToArray())));
    }

    [Fact]
    public void Buses_and_the_debug_uart_are_listed()
    {
        Assert.Equal([1u, 11u, 12u], _report.I2CBuses.Select(b => b.Bus));
        Assert.Equal("Synopsys DesignWare I2C adapter", _report.I2CBuses[0].Name);
        Assert.Equal(["ttyAMA10"], _report.Uarts.Select(u => u.Name));
        Assert.Empty(_report.SpiDevices);
        Assert.Equal("cpu-thermal", Assert.Single(_report.ThermalZones).Type);
    }

    [Fact]
    public void Without_get_throttled_only_the_hwmon_under_voltage_state_is_known()
    {
        var throttling = _report.Throttling;

        Assert.True(throttling.HasUnderVoltageNow);
        Assert.False(throttling.UnderVoltageNow);
        Assert.False(throttling.HasRaw);
        Assert.False(throttling.HasThrottledNow);
        Assert.False(throttling.HasUnderVoltageOccurred);
    }
}
