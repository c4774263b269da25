using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Probe;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control.Pins;

public sealed class PinSafetyTests
{
    private static HardwareReport Report() => SimulatedBoard.Report("safety");

    private static HardwareException Refusal(HardwareReport report, int bcm, PinOwner purpose = PinOwner.Gpio, PinClaims? claims = null)
    {
        var e = Assert.Throws<HardwareException>(() => new PinSafety(() => report, claims ?? new PinClaims()).Check(bcm, purpose));
        Assert.Equal(CommandError.Types.Code.FailedPrecondition, e.Code);
        return e;
    }

    [Fact]
    public void I2c_pins_are_refused_while_the_bus_is_enabled_and_the_refusal_says_how_to_disable_it()
    {
        var e = Refusal(Report(), 2);

        Assert.Contains("I2C1 SDA", e.Message, StringComparison.Ordinal);
        Assert.Contains("dtparam=i2c_arm=off", e.Message, StringComparison.Ordinal);
        Assert.Contains("SCL", Refusal(Report(), 3).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void I2c_pins_are_free_when_the_bus_is_disabled()
    {
        var report = Report();
        report.I2CBuses.Clear();

        new PinSafety(() => report, new PinClaims()).Check(2, PinOwner.Gpio);
    }

    [Theory]
    [InlineData(8, "SPI0 CE0")]
    [InlineData(9, "SPI0 MISO")]
    [InlineData(10, "SPI0 MOSI")]
    [InlineData(11, "SPI0 SCLK")]
    public void Spi0_pins_are_refused_when_spidev0_exists(int bcm, string function)
    {
        var report = Report();
        report.SpiDevices.Add(new SpiDevice { Bus = 0, ChipSelect = 0 });

        var e = Refusal(report, bcm);

        Assert.Contains(function, e.Message, StringComparison.Ordinal);
        Assert.Contains("dtparam=spi=off", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spi0_ce1_is_free_when_only_chip_select_0_exists()
    {
        var report = Report();
        report.SpiDevices.Add(new SpiDevice { Bus = 0, ChipSelect = 0 });

        new PinSafety(() => report, new PinClaims()).Check(7, PinOwner.Gpio);
    }

    [Fact]
    public void Uart_pins_are_refused_when_the_mini_uart_is_enabled()
    {
        var report = Report();
        report.Uarts.Add(new Uart { Name = "ttyS0" });

        Assert.Contains("UART TXD (/dev/ttyS0)", Refusal(report, 14).Message, StringComparison.Ordinal);
        Assert.Contains("enable_uart=0", Refusal(report, 15).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_the_kernel_holds_is_refused_with_its_consumer()
    {
        var report = Report();
        var line = report.GpioChips[0].Lines[4];
        line.Used = true;
        line.Consumer = "onewire@0";

        var e = Refusal(report, 4);

        Assert.Contains("\"onewire@0\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("gpiochip0 line 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_this_agent_holds_is_not_refused_as_used_by_the_kernel()
    {
        var report = Report();
        report.GpioChips[0].Lines[17].Used = true;
        var claims = new PinClaims();
        claims.Claim(17, PinOwner.Gpio, "a GPIO output");

        new PinSafety(() => report, claims).Check(17, PinOwner.Gpio);
    }

    [Fact]
    public void A_pin_claimed_for_pwm_is_refused_to_gpio_and_says_how_to_free_it()
    {
        var claims = new PinClaims();
        claims.Claim(18, PinOwner.Pwm, "PWM (pwmchip0 channel 0)");

        var e = Refusal(Report(), 18, PinOwner.Gpio, claims);

        Assert.Contains("pwm stop NODE 18", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "ID_SD")]
    [InlineData(1, "ID_SC")]
    public void Hat_id_pins_are_refused(int bcm, string name) =>
        Assert.Contains(name, Refusal(Report(), bcm).Message, StringComparison.Ordinal);
}
