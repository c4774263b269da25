using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Probe;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Control.Pins;

public sealed class HeaderChipTests
{
    [Fact]
    public void Pi_5_header_is_the_rp1_chip_whatever_its_number()
    {
        var chip = HeaderChip.Find(BoardProbe.ForSystem(Fixture.Root("pi5")).Probe());

        Assert.NotNull(chip);
        Assert.Equal("pinctrl-rp1", chip.Label);
        Assert.Equal(4, HeaderChip.Number(chip));
    }

    [Fact]
    public void Pi_4_uses_the_soc_controller()
    {
        var chip = HeaderChip.Find(BoardProbe.ForSystem(Fixture.Root("pi4b")).Probe());

        Assert.Equal("pinctrl-bcm2711", chip?.Label);
        Assert.Equal(0, HeaderChip.Number(chip!));
    }

    [Fact]
    public void Pi_3_uses_the_soc_controller_not_the_firmware_expander()
    {
        // The Pi 3B+ fixture is read from its gpioinfo dump; gpiochip1 is the firmware's raspberrypi-exp-gpio.
        var report = new BoardProbe(Fixture.Root("pi3bplus"), [new GpioInfoDump(Path.Join(Fixture.PathOf("pi3bplus"), "gpioinfo.txt"))]).Probe();

        var chip = HeaderChip.Find(report);

        Assert.Equal("pinctrl-bcm2835", chip?.Label);
        Assert.Equal(0, HeaderChip.Number(chip!));
    }

    [Fact]
    public void On_a_probed_pi_4b_with_i2c_1_enabled_gpio2_is_refused_and_gpio17_is_free()
    {
        var report = BoardProbe.ForSystem(Fixture.Root("pi4b")).Probe();
        var safety = new PinSafety(() => report, new PinClaims());

        Assert.Contains("I2C1 SDA", Assert.Throws<HardwareException>(() => safety.Check(2, PinOwner.Gpio)).Message, StringComparison.Ordinal);
        safety.Check(17, PinOwner.Gpio);
    }
}
