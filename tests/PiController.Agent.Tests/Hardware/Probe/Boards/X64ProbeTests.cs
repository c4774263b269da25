using PiController.Agent.Hardware.Probe;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Probe.Boards;

/// <summary>An x64 laptop: no device tree, no revision code, no GPIO chips, no firmware throttling word.</summary>
public sealed class X64ProbeTests
{
    private readonly HardwareReport _report = BoardProbe.ForSystem(Fixture.Root("x64")).Probe();

    [Fact]
    public void Board_is_unknown_rather_than_guessed()
    {
        var board = _report.Board;

        Assert.False(board.RaspberryPi);
        Assert.False(board.HasModel);
        Assert.False(board.HasSerial);
        Assert.False(board.HasRevisionCode);
        Assert.False(board.HasBoardType);
        Assert.False(board.HasBoardTypeCode);
        Assert.False(board.HasMemoryMegabytes);
        Assert.False(board.HasManufacturer);
        Assert.False(board.HasProcessor);
    }

    [Fact]
    public void No_gpio_chips_and_no_throttling_state()
    {
        Assert.Empty(_report.GpioChips);
        Assert.Null(_report.Throttling);
        Assert.Empty(_report.PwmChips);
        Assert.Empty(_report.SpiDevices);
    }

    [Fact]
    public void Capabilities_the_machine_has_are_still_reported()
    {
        Assert.Equal(
            ["i915 gmbus dpc", "i915 gmbus dpb", "i915 gmbus dpd", "DPDDC-A", "DPDDC-D", "SMBus I801 adapter at f040"],
            _report.I2CBuses.Select(b => b.Name));
        Assert.Equal([(0u, "acpitz"), (1u, "x86_pkg_temp")], _report.ThermalZones.Select(z => (z.Zone, z.Type)));
    }

    [Fact]
    public void Only_the_com_port_that_exists_is_a_uart()
    {
        Assert.Equal(["ttyS0"], _report.Uarts.Select(u => u.Name));
    }
}
