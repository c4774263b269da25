using System.Device.Pwm;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Hardware.Control.Pwm;
using PiController.Agent.Hardware.Control.Simulation;
using PiController.Agent.Hardware.Probe;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control.Pwm;

public sealed class PwmServiceTests
{
    private sealed class NoPwm : IPwmChips
    {
        public (int Chip, int Channels)? HeaderController() => null;

        public PwmChannel Open(int chip, int channel, int frequencyHz, double dutyFraction) => throw new InvalidOperationException("not reached");
    }

    private sealed class OneChannel : IPwmChips
    {
        public (int Chip, int Channels)? HeaderController() => (0, 1);

        public PwmChannel Open(int chip, int channel, int frequencyHz, double dutyFraction) => new SimulatedPwmChannel(chip, channel, frequencyHz, dutyFraction);
    }

    private static PwmSet Set(string pin, uint hz, double duty) => new() { Pin = pin, FrequencyHz = hz, DutyPercent = duty };

    [Theory]
    [InlineData(0u, 50.0, "frequency must be 1-1000000 Hz")]
    [InlineData(2_000_000u, 50.0, "frequency must be 1-1000000 Hz")]
    [InlineData(1000u, -1.0, "duty cycle must be 0-100 %")]
    [InlineData(1000u, 100.5, "duty cycle must be 0-100 %")]
    [InlineData(1000u, double.NaN, "duty cycle must be 0-100 %")]
    public void Frequency_and_duty_cycle_are_validated_before_anything_starts(uint hz, double duty, string message)
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.Pwm.Set(Set("18", hz, duty)));

        Assert.Equal(CommandError.Types.Code.InvalidArgument, e.Code);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Empty(board.Pwm.Channels);
        Assert.Null(board.Claims.Find(18));
    }

    [Fact]
    public void A_pin_without_a_pwm_channel_is_refused()
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.Pwm.Set(Set("17", 1000, 50)));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, e.Code);
        Assert.Contains("GPIO12, GPIO13, GPIO18 and GPIO19", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pwm_starts_with_the_duty_cycle_as_a_fraction_and_can_be_changed()
    {
        using var board = new SimBoard();

        var started = board.Pwm.Set(Set("P12", 1000, 25)).Channels.Single();
        board.Pwm.Set(Set("18", 500, 75));

        Assert.Equal(18u, started.Bcm);
        Assert.Equal(0u, started.Channel);
        var state = Assert.Single(board.Pwm.Channels);
        Assert.Equal(500u, state.FrequencyHz);
        Assert.Equal(75, state.DutyPercent);
        Assert.Equal(PinOwner.Pwm, board.Claims.Find(18)?.Owner);
    }

    [Fact]
    public void Two_pins_on_one_channel_are_refused()
    {
        using var board = new SimBoard();
        board.Pwm.Set(Set("18", 1000, 25));

        var e = Assert.Throws<HardwareException>(() => board.Pwm.Set(Set("12", 1000, 25)));

        Assert.Contains("already driving GPIO18", e.Message, StringComparison.Ordinal);
        Assert.Null(board.Claims.Find(12));
    }

    [Fact]
    public void Pwm_on_a_gpio_output_is_refused_and_the_output_keeps_its_level()
    {
        using var board = new SimBoard();
        board.Gpio.Write("18", true);

        var e = Assert.Throws<HardwareException>(() => board.Pwm.Set(Set("18", 1000, 25)));

        Assert.Contains("gpio release NODE 18", e.Message, StringComparison.Ordinal);
        Assert.True(board.Gpio.Read("18").Pins[0].High);
    }

    [Fact]
    public void A_missing_pwm_controller_names_the_overlay_to_enable()
    {
        var report = SimulatedBoard.Report("pwm");
        var claims = new PinClaims();
        var pwm = new PwmService(new NoPwm(), new PinSafety(() => report, claims), claims, () => "BCM2711");

        var e = Assert.Throws<HardwareException>(() => pwm.Set(Set("18", 1000, 25)));

        Assert.Contains("enable it with dtoverlay=pwm-2chan in /boot/firmware/config.txt and reboot", e.Message, StringComparison.Ordinal);
        Assert.Null(claims.Find(18));
    }

    [Fact]
    public void A_missing_channel_names_the_overlay_for_that_pin()
    {
        var report = SimulatedBoard.Report("pwm");
        var claims = new PinClaims();
        var pwm = new PwmService(new OneChannel(), new PinSafety(() => report, claims), claims, () => "BCM2711");

        var e = Assert.Throws<HardwareException>(() => pwm.Set(Set("13", 1000, 25)));

        Assert.Contains("channel 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(13, 1)]
    [InlineData(18, 2)]
    [InlineData(19, 3)]
    public void Pi_5_uses_the_four_channels_of_rp1_pwm0(int bcm, int channel) =>
        Assert.Equal(channel, PwmPinMap.Route(bcm, "BCM2712")!.Value.Channel);

    [Fact]
    public void Stop_releases_the_pin()
    {
        using var board = new SimBoard();
        board.Pwm.Set(Set("19", 100, 10));

        board.Pwm.Stop(new PwmStop { Pin = "19" });

        Assert.Empty(board.Pwm.Channels);
        Assert.Null(board.Claims.Find(19));
    }
}
