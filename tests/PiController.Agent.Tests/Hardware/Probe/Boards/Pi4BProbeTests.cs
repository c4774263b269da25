using PiController.Agent.Hardware.Probe;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Probe.Boards;

/// <summary>
/// A Raspberry Pi 4 Model B, probed with the production readers: the fixture's /dev/gpiochipN are plain files,
/// so the character-device ioctl fails and the probe falls back to /sys/kernel/debug/gpio.
/// </summary>
public sealed class Pi4BProbeTests
{
    private readonly HardwareReport _report = BoardProbe.ForSystem(Fixture.Root("pi4b")).Probe();

    [Fact]
    public void Board_is_identified_from_device_tree_and_revision_code()
    {
        var board = _report.Board;

        Assert.True(board.RaspberryPi);
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.1", board.Model);
        Assert.Equal("10000000bafb5028", board.Serial);
        Assert.Equal(0xc03111u, board.RevisionCode);
        Assert.Equal("4B", board.BoardType);
        Assert.Equal("1.1", board.BoardRevision);
        Assert.Equal(4096u, board.MemoryMegabytes);
        Assert.Equal("Sony UK", board.Manufacturer);
        Assert.Equal("BCM2711", board.Processor);
    }

    [Fact]
    public void Header_chip_is_pinctrl_bcm2711_with_58_lines()
    {
        var chip = _report.GpioChips[0];

        Assert.Equal("gpiochip0", chip.Name);
        Assert.Equal("pinctrl-bcm2711", chip.Label);
        Assert.Equal(58u, chip.LineCount);
        Assert.Equal(Enumerable.Range(0, 58).Select(i => (uint)i), chip.Lines.Select(l => l.Offset));
        Assert.Equal(new GpioLine { Offset = 2, Name = "GPIO2", Consumer = "", Used = false }, chip.Lines[2]);
        Assert.Equal(new GpioLine { Offset = 42, Name = "STATUS_LED_G_CLK", Consumer = "ACT", Used = true }, chip.Lines[42]);
        Assert.Equal(["STATUS_LED_G_CLK"], chip.Lines.Where(l => l.Used).Select(l => l.Name));
    }

    [Fact]
    public void Expander_lines_held_by_regulators_and_leds_are_used()
    {
        var chip = _report.GpioChips[1];

        Assert.Equal("raspberrypi-exp-gpio", chip.Label);
        Assert.Equal(8u, chip.LineCount);
        Assert.Equal(["BT_ON", "PWR_LED_OFF", "VDD_SD_IO_SEL", "CAM_GPIO", "SD_PWR_ON"], chip.Lines.Where(l => l.Used).Select(l => l.Name));
        Assert.Equal("regulator-sd-vcc", chip.Lines[6].Consumer);
    }

    [Fact]
    public void Every_i2c_adapter_is_listed_with_its_name()
    {
        Assert.Equal(
            [(0u, "i2c-22-mux (chan_id 0)"), (1u, "bcm2835 (i2c@7e804000)"), (10u, "i2c-22-mux (chan_id 1)"),
             (20u, "fef04500.i2c"), (21u, "fef09500.i2c"), (22u, "bcm2835 (i2c@7e205000)")],
            _report.I2CBuses.Select(b => (b.Bus, b.Name)));
    }

    [Fact]
    public void Disabled_interfaces_are_absent_not_assumed()
    {
        Assert.Empty(_report.PwmChips);
        Assert.Empty(_report.SpiDevices);
        Assert.Empty(_report.Uarts);
    }

    [Fact]
    public void Healthy_supply_reads_as_all_flags_clear()
    {
        var throttling = _report.Throttling;

        Assert.Equal(0u, throttling.Raw);
        Assert.True(throttling.HasUnderVoltageNow);
        Assert.False(throttling.UnderVoltageNow);
        Assert.False(throttling.UnderVoltageOccurred);
        Assert.False(throttling.ThrottledOccurred);
    }
}
