using Microsoft.Extensions.Time.Testing;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control.Gpio;

public sealed class GpioPulseTests
{
    private static Command Pulse(string pin, bool high, uint ms) => new() { GpioPulse = new GpioPulse { Pin = pin, High = high, Ms = ms } };

    [Fact]
    public void A_pulse_drives_the_level_for_its_length_on_the_agent_clock_and_then_the_other_level()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var board = new SimBoard("17-27", time);
        board.Gpio.Configure(new GpioConfigure { Pin = "27", Mode = GpioMode.Input });

        var started = board.Run(Pulse("17", true, 500));

        Assert.True(started.Gpio.Pins[0].High);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.True(board.Gpio.Read("27").Pins[0].High);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(board.Gpio.Read("27").Pins[0].High);
        Assert.False(board.Gpio.Read("17").Pins[0].High);
    }

    [Fact]
    public void A_write_during_a_pulse_is_refused_as_busy_and_allowed_once_it_ended()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var board = new SimBoard("17-27", time);
        board.Run(Pulse("17", true, 1000));
        time.Advance(TimeSpan.FromMilliseconds(400));

        var refused = board.Run(new Command { GpioWrite = new GpioWrite { Pin = "17", High = true } });
        var again = board.Run(Pulse("P11", true, 10));
        time.Advance(TimeSpan.FromMilliseconds(600));
        var later = board.Run(new Command { GpioWrite = new GpioWrite { Pin = "17", High = true } });

        Assert.Equal(CommandError.Types.Reason.Busy, refused.Error.Reason);
        Assert.Equal(CommandError.Types.Code.FailedPrecondition, refused.Error.Code);
        Assert.Contains("pulsing high for another 600 ms", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal(CommandError.Types.Reason.Busy, again.Error.Reason);
        Assert.True(later.Gpio.Pins[0].High);
    }

    [Fact]
    public void The_level_saved_for_a_restart_is_the_one_the_pulse_ends_at()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var board = new SimBoard("17-27", time);

        board.Run(Pulse("17", true, 5000));

        Assert.False(Assert.Single(board.Gpio.Setups).High);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(60_001u)]
    public void A_pulse_length_outside_1_to_60000_ms_is_invalid_and_changes_nothing(uint ms)
    {
        using var board = new SimBoard();

        var result = board.Run(Pulse("17", true, ms));

        Assert.Equal(CommandError.Types.Code.InvalidArgument, result.Error.Code);
        Assert.Contains("1-60000", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(board.Gpio.Setups);
    }

    [Fact]
    public void A_pulse_is_checked_like_a_write_so_a_bus_pin_is_refused_as_a_conflict()
    {
        using var board = new SimBoard();

        var result = board.Run(Pulse("2", true, 100));

        Assert.Equal(CommandError.Types.Reason.Conflict, result.Error.Reason);
        Assert.Contains("I2C1 SDA", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopping_agent_ends_a_running_pulse_at_once_and_only_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pulses = new PiController.Agent.Hardware.Control.Gpio.PinPulses(time);
        var ended = new List<(int Bcm, bool High)>();
        pulses.Start(17, endHigh: false, 60_000, (bcm, high) => ended.Add((bcm, high)));

        pulses.EndAll((bcm, high) => ended.Add((bcm, high)));
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal([(17, false)], ended);
        pulses.RefuseWhileRunning(17, "write");
    }
}
