using Microsoft.Extensions.Time.Testing;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control.Gpio;

public sealed class GpioServiceTests
{
    private static GpioConfigure Input(string pin, GpioEdge edge = GpioEdge.None, uint debounce = 0, GpioPull pull = GpioPull.None, bool activeLow = false) =>
        new() { Pin = pin, Mode = GpioMode.Input, Edge = edge, DebounceMs = debounce, Pull = pull, ActiveLow = activeLow };

    [Fact]
    public void Output_written_high_reads_high_on_the_wired_input()
    {
        using var board = new SimBoard("17-27");
        board.Gpio.Configure(Input("27"));

        board.Gpio.Write("17", true);
        Assert.True(board.Gpio.Read("27").Pins[0].High);

        board.Gpio.Write("P11", false);
        Assert.False(board.Gpio.Read("pin 13").Pins[0].High);
    }

    [Fact]
    public void Writing_an_unconfigured_pin_makes_it_an_output_at_that_level()
    {
        using var board = new SimBoard();

        var state = board.Gpio.Write("22", true).Pins.Single();

        Assert.Equal(GpioMode.Output, state.Mode);
        Assert.True(state.High);
        Assert.Equal(15u, state.Physical);
    }

    [Fact]
    public void Write_to_an_input_is_refused_and_the_pin_stays_an_input()
    {
        using var board = new SimBoard();
        board.Gpio.Configure(Input("27", pull: GpioPull.Up));

        var e = Assert.Throws<HardwareException>(() => board.Gpio.Write("27", false));

        Assert.Equal(CommandError.Types.Code.FailedPrecondition, e.Code);
        Assert.Contains("--mode output", e.Message, StringComparison.Ordinal);
        var after = board.Gpio.Read("27").Pins.Single();
        Assert.Equal(GpioMode.Input, after.Mode);
        Assert.True(after.High);
    }

    [Fact]
    public void Reading_an_unconfigured_pin_is_refused_without_touching_it()
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.Gpio.Read("5"));

        Assert.Contains("not configured", e.Message, StringComparison.Ordinal);
        Assert.Empty(board.Gpio.Setups);
        Assert.Null(board.Claims.Find(5));
    }

    [Fact]
    public void Toggle_inverts_an_output()
    {
        using var board = new SimBoard();
        board.Gpio.Write("17", false);

        Assert.True(board.Gpio.Toggle("17").Pins[0].High);
        Assert.False(board.Gpio.Toggle("17").Pins[0].High);
    }

    [Fact]
    public void Active_low_output_drives_the_opposite_electrical_level()
    {
        using var board = new SimBoard("17-27");
        board.Gpio.Configure(Input("27"));
        board.Gpio.Configure(new GpioConfigure { Pin = "17", Mode = GpioMode.Output, ActiveLow = true, InitialHigh = true });

        Assert.True(board.Gpio.Read("17").Pins[0].High);
        Assert.False(board.Gpio.Read("27").Pins[0].High);
    }

    [Theory]
    [InlineData(GpioMode.Output, GpioPull.Up, GpioEdge.None, "pull resistor applies to inputs")]
    [InlineData(GpioMode.Output, GpioPull.None, GpioEdge.Rising, "edge events are reported for inputs")]
    [InlineData(GpioMode.Unspecified, GpioPull.None, GpioEdge.None, "mode must be input or output")]
    public void Configuration_that_does_not_fit_the_mode_is_invalid(GpioMode mode, GpioPull pull, GpioEdge edge, string message)
    {
        using var board = new SimBoard();

        var e = Assert.Throws<HardwareException>(() => board.Gpio.Configure(new GpioConfigure { Pin = "17", Mode = mode, Pull = pull, Edge = edge }));

        Assert.Equal(CommandError.Types.Code.InvalidArgument, e.Code);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Empty(board.Gpio.Setups);
    }

    [Fact]
    public void Batch_with_one_bad_pin_changes_nothing()
    {
        using var board = new SimBoard();
        board.Gpio.Write("17", false);

        var batch = new GpioBatch { Ops = { new GpioBatchOp { Pin = "17", WriteHigh = true }, new GpioBatchOp { Pin = "2", WriteHigh = true } } };
        var e = Assert.Throws<HardwareException>(() => board.Gpio.Batch(batch));

        Assert.Contains("I2C1", e.Message, StringComparison.Ordinal);
        Assert.False(board.Gpio.Read("17").Pins[0].High);
        Assert.Null(board.Claims.Find(2));
    }

    [Fact]
    public void Batch_writes_together_and_reads_after_the_writes()
    {
        using var board = new SimBoard("17-27");
        board.Gpio.Configure(Input("27"));

        var result = board.Gpio.Batch(new GpioBatch
        {
            Ops = { new GpioBatchOp { Pin = "17", WriteHigh = true }, new GpioBatchOp { Pin = "22", WriteHigh = true }, new GpioBatchOp { Pin = "27" } },
        });

        Assert.Equal([17u, 22u, 27u], result.Pins.Select(p => p.Bcm));
        Assert.All(result.Pins, p => Assert.True(p.High));
    }

    [Fact]
    public async Task Edges_on_a_wired_input_arrive_with_timestamps()
    {
        using var board = new SimBoard("17-27");
        board.Gpio.Configure(Input("27", GpioEdge.Both));
        var before = DateTimeOffset.UtcNow;

        board.Gpio.Write("17", true);
        board.Gpio.Write("17", false);
        var events = await board.PinEventsAsync(2);

        Assert.Equal([GpioEdge.Rising, GpioEdge.Falling], events.Select(e => e.Edge));
        Assert.All(events, e => Assert.Equal(27u, e.Bcm));
        Assert.All(events, e => Assert.True(e.At.ToDateTimeOffset() >= before.AddSeconds(-1)));
        Assert.True(events[1].MonotonicNs >= events[0].MonotonicNs);
    }

    [Fact]
    public async Task Only_the_configured_edge_is_reported()
    {
        using var board = new SimBoard("17-27");
        board.Gpio.Configure(Input("27", GpioEdge.Falling));

        board.Gpio.Write("17", true);
        board.Gpio.Write("17", false);
        board.Gpio.Write("17", true);
        board.Gpio.Write("17", false);
        var events = await board.PinEventsAsync(2);

        Assert.Equal([GpioEdge.Falling, GpioEdge.Falling], events.Select(e => e.Edge));
    }

    [Fact]
    public async Task Active_low_input_reports_logical_edges()
    {
        using var board = new SimBoard("17-27");
        board.Gpio.Configure(Input("27", GpioEdge.Both, activeLow: true));

        board.Gpio.Write("17", true);
        var events = await board.PinEventsAsync(1);

        Assert.Equal(GpioEdge.Falling, Assert.Single(events).Edge);
    }

    [Fact]
    public async Task Bounces_within_the_debounce_time_are_ignored()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var board = new SimBoard("17-27", time);
        board.Gpio.Configure(Input("27", GpioEdge.Both, debounce: 50));

        board.Gpio.Write("17", true);
        Assert.Single(await board.PinEventsAsync(1));
        // Contact bounce: two more edges at the same instant.
        board.Gpio.Write("17", false);
        board.Gpio.Write("17", true);
        // The bounces must reach the edge handler before the clock moves on, as they would on a real line.
        await board.EdgesDeliveredAsync();
        time.Advance(TimeSpan.FromMilliseconds(60));
        board.Gpio.Write("17", false);
        var events = await board.PinEventsAsync(1);

        // Delivery is in order, so the bounces were seen (and dropped) before this falling edge arrived.
        Assert.Equal(GpioEdge.Falling, Assert.Single(events).Edge);
        Assert.Equal(time.GetUtcNow(), events[0].At.ToDateTimeOffset());
    }

    [Fact]
    public void Release_frees_the_pin_for_pwm_and_forgets_it()
    {
        using var board = new SimBoard();
        board.Gpio.Write("18", true);

        board.Gpio.Release("18");

        Assert.Empty(board.Gpio.Setups);
        Assert.Null(board.Claims.Find(18));
        board.Pwm.Set(new PwmSet { Pin = "18", FrequencyHz = 1000, DutyPercent = 50 });
    }
}
