using PiController.Agent.Hardware.Probe;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Probe.Boards;

/// <summary>A Raspberry Pi 3 Model B+; its GPIO chips are read from gpioinfo output, the character device's view.</summary>
public sealed class Pi3BPlusProbeTests
{
    private readonly HardwareReport _report = new BoardProbe(
        Fixture.Root("pi3bplus"), [new GpioInfoDump(Path.Join(Fixture.PathOf("pi3bplus"), "gpioinfo.txt"))]).Probe();

    [Fact]
    public void Board_is_identified_from_device_tree_and_revision_code()
    {
        var board = _report.Board;

        Assert.True(board.RaspberryPi);
        Assert.Equal("Raspberry Pi 3 Model B Plus Rev 1.3", board.Model);
        Assert.Equal("00000000e2cb201f", board.Serial);
        Assert.Equal(0xa020d3u, board.RevisionCode);
        Assert.Equal(0x0du, board.BoardTypeCode);
        Assert.Equal("3B+", board.BoardType);
        Assert.Equal("1.3", board.BoardRevision);
        Assert.Equal(1024u, board.MemoryMegabytes);
        Assert.Equal("Sony UK", board.Manufacturer);
        Assert.Equal("BCM2837", board.Processor);
        Assert.False(_report.Simulated);
    }

    [Fact]
    public void Header_chip_has_54_lines_with_names_and_the_ones_the_kernel_holds()
    {
        var chip = _report.GpioChips[0];

        Assert.Equal("gpiochip0", chip.Name);
        Assert.Equal("pinctrl-bcm2835", chip.Label);
        Assert.Equal(54u, chip.LineCount);
        Assert.Equal(54, chip.Lines.Count);
        Assert.Equal(new GpioLine { Offset = 17, Name = "GPIO17", Consumer = "", Used = false }, chip.Lines[17]);
        Assert.Equal(new GpioLine { Offset = 29, Name = "STATUS_LED_G", Consumer = "ACT", Used = true }, chip.Lines[29]);
        Assert.Equal(new GpioLine { Offset = 7, Name = "GPIO7", Consumer = "shutdown", Used = true }, chip.Lines[7]);
    }

    [Fact]
    public void Firmware_expander_chip_is_listed()
    {
        var chip = Assert.Single(_report.GpioChips, c => c.Name == "gpiochip1");

        Assert.Equal("raspberrypi-exp-gpio", chip.Label);
        Assert.Equal(8u, chip.LineCount);
        Assert.Equal("PWR", chip.Lines[2].Consumer);
    }

    [Fact]
    public void Buses_ports_and_zones_are_what_the_system_enabled()
    {
        var i2c = Assert.Single(_report.I2CBuses);
        Assert.Equal(new I2cBus { Bus = 1, Name = "bcm2835 (i2c@7e804000)" }, i2c);
        var pwm = Assert.Single(_report.PwmChips);
        Assert.Equal(0u, pwm.Chip);
        Assert.Equal(2u, pwm.ChannelCount);
        Assert.Empty(pwm.ExportedChannels);
        Assert.Empty(_report.SpiDevices);
        Assert.Equal(["ttyS0"], _report.Uarts.Select(u => u.Name));
        Assert.Equal(new ThermalZone { Zone = 0, Type = "cpu-thermal" }, Assert.Single(_report.ThermalZones));
    }

    [Fact]
    public void Past_under_voltage_and_throttling_are_reported_apart_from_the_present()
    {
        var throttling = _report.Throttling;

        Assert.Equal(0x50000u, throttling.Raw);
        Assert.True(throttling.UnderVoltageOccurred);
        Assert.True(throttling.ThrottledOccurred);
        Assert.False(throttling.FrequencyCappedOccurred);
        Assert.False(throttling.SoftTemperatureLimitOccurred);
        Assert.False(throttling.UnderVoltageNow);
        Assert.False(throttling.ThrottledNow);
        Assert.False(throttling.FrequencyCappedNow);
        Assert.False(throttling.SoftTemperatureLimitNow);
    }
}
