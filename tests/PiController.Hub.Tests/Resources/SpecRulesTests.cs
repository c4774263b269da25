using PiController.Hub.Resources;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Resources;

public sealed class SpecRulesTests
{
    private static (ValidSpec? Valid, List<string> Errors) Gpio(GpioSpec spec)
    {
        var errors = new List<string>();
        return (SpecRules.Check(spec, errors), errors);
    }

    [Theory]
    [InlineData("17")]
    [InlineData("GPIO17")]
    [InlineData("bcm17")]
    [InlineData("P11")]
    [InlineData("pin 11")]
    public void Every_way_of_naming_GPIO17_claims_the_same_pin(string pin)
    {
        var (valid, errors) = Gpio(new GpioSpec(pin, "output", Value: "high"));
        Assert.Empty(errors);
        Assert.Equal("gpio17", valid!.Claim);
        Assert.Equal(new DesiredGpio(17, GpioMode.Output, GpioPull.None, false, GpioEdge.None, 0, true), valid.Gpio);
    }

    [Theory]
    [InlineData("P6", "ground")]
    [InlineData("P1", "3.3 V power")]
    [InlineData("GPIO30", "not on the 40-pin header")]
    [InlineData("0", "HAT identification EEPROM")]
    [InlineData("seventeen", "is not a pin")]
    public void A_pin_that_is_not_a_usable_header_gpio_is_refused_with_the_reason(string pin, string reason)
    {
        var (valid, errors) = Gpio(new GpioSpec(pin, "input"));
        Assert.Null(valid);
        Assert.Contains(errors, e => e.StartsWith("spec.pin", StringComparison.Ordinal) && e.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void An_output_with_a_pull_resistor_is_refused_naming_the_field()
    {
        var (valid, errors) = Gpio(new GpioSpec("17", "output", Pull: "up"));
        Assert.Null(valid);
        Assert.Equal(["spec.pull applies to inputs only; drop it or use mode input"], errors);
    }

    [Fact]
    public void Every_problem_of_a_spec_is_reported_at_once()
    {
        var (_, errors) = Gpio(new GpioSpec(null, "sideways", DebounceMs: 20_000, OnDelete: "explode"));
        Assert.Contains(errors, e => e.StartsWith("spec.pin is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.mode must be input, output", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.debounceMs must be 0-10000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.onDelete must be release, keep", StringComparison.Ordinal));
    }

    [Fact]
    public void An_input_value_and_a_debounce_without_edges_are_refused()
    {
        var (_, errors) = Gpio(new GpioSpec("27", "input", Value: "high", DebounceMs: 5));
        Assert.Contains("spec.value applies to outputs only; drop it or use mode output", errors);
        Assert.Contains("spec.debounceMs applies to edge events; set spec.edge to rising, falling or both", errors);
    }

    [Fact]
    public void On_delete_defaults_to_release_and_keep_is_honoured()
    {
        Assert.True(Gpio(new GpioSpec("17", "input")).Valid!.ReleaseOnDelete);
        Assert.False(Gpio(new GpioSpec("17", "input", OnDelete: "keep")).Valid!.ReleaseOnDelete);
    }

    [Theory]
    [InlineData("17", 1000, 50, "no hardware PWM channel")]
    [InlineData("18", 0, 50, "spec.frequencyHz must be 1-1000000, got 0")]
    [InlineData("18", 2_000_000, 50, "spec.frequencyHz must be 1-1000000")]
    [InlineData("18", 1000, 101, "spec.dutyPercent must be 0-100, got 101")]
    [InlineData("18", 1000, -1, "spec.dutyPercent must be 0-100")]
    public void A_pwm_spec_out_of_range_is_refused(string pin, long frequency, double duty, string message)
    {
        var errors = new List<string>();
        Assert.Null(SpecRules.Check(new PwmSpec(pin, frequency, duty), errors));
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_pwm_channel_claims_its_pin_like_a_gpio_does()
    {
        var errors = new List<string>();
        var pwm = SpecRules.Check(new PwmSpec("P12", 1000, 25), errors);
        Assert.Empty(errors);
        Assert.Equal("gpio18", pwm!.Claim);
        Assert.Equal(Gpio(new GpioSpec("18", "input")).Valid!.Claim, pwm.Claim);
    }

    [Theory]
    [InlineData("0x02")]
    [InlineData("0x78")]
    [InlineData("200")]
    [InlineData("zz")]
    public void An_i2c_address_outside_0x03_to_0x77_is_refused(string address)
    {
        var errors = new List<string>();
        Assert.Null(SpecRules.Check(new I2cSpec(1, address, "bme280"), errors));
        Assert.Contains(errors, e => e.StartsWith("spec.address must be 0x03-0x77", StringComparison.Ordinal));
    }

    [Fact]
    public void An_i2c_device_claims_its_bus_and_address_and_defaults_to_a_five_second_interval()
    {
        var errors = new List<string>();
        var valid = SpecRules.Check(new I2cSpec(1, "118", "BME280"), errors);
        Assert.Empty(errors);
        Assert.Equal("i2c-1-0x76", valid!.Claim);
        Assert.Equal(new DesiredI2c(1, 0x76, "bme280", 5000), valid.I2c);
    }

    [Fact]
    public void An_unknown_i2c_device_type_lists_the_supported_ones()
    {
        var errors = new List<string>();
        SpecRules.Check(new I2cSpec(1, "0x76", "dht22", 1000), errors);
        Assert.Equal(["spec.device must be one of bme280, bmp280, sht3x, ads1115, mcp23017, got dht22"], errors);
    }
}
