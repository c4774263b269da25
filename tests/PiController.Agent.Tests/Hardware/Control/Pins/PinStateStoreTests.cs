using PiController.Agent.Hardware.Control;
using PiController.Agent.Hardware.Control.Gpio;
using PiController.Agent.Hardware.Control.Pins;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Hardware.Control.Pins;

public sealed class PinStateStoreTests
{
    [Fact]
    public void Saved_state_loads_back_the_same()
    {
        using var data = new TempTree();
        var store = new PinStateStore(data.Root);
        var state = new PinState(
            [
                new PinSetup(17, GpioMode.Output, GpioPull.None, true, GpioEdge.None, 0, true),
                new PinSetup(27, GpioMode.Input, GpioPull.Up, false, GpioEdge.Both, 25, false),
            ],
            [new PwmChannelState { Bcm = 18, FrequencyHz = 1000, DutyPercent = 12.5 }]);

        store.Save(state);
        var loaded = store.Load();

        Assert.Equal(state.Gpio, loaded.Gpio);
        var pwm = Assert.Single(loaded.Pwm);
        Assert.Equal((18u, 1000u, 12.5), (pwm.Bcm, pwm.FrequencyHz, pwm.DutyPercent));
        Assert.False(File.Exists(store.Path + ".tmp"));
        Assert.Contains("gpio 17 mode=output active-low=true high=true", File.ReadAllText(store.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_is_an_empty_state()
    {
        using var data = new TempTree();

        var loaded = new PinStateStore(data.Root).Load();

        Assert.Empty(loaded.Gpio);
        Assert.Empty(loaded.Pwm);
    }

    [Fact]
    public void A_damaged_file_is_reported_with_its_line()
    {
        using var data = new TempTree();
        data.Write("/" + PinStateStore.FileName, "# comment\ngpio 17 mode=output high=maybe active-low=false\n");

        var e = Assert.Throws<FormatException>(() => new PinStateStore(data.Root).Load());

        Assert.Contains("pins.state:2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restarted_agent_drives_its_outputs_as_before()
    {
        using var data = new TempTree();
        using (var first = new SimBoard(data: data))
        {
            first.Run(new Command { GpioWrite = new GpioWrite { Pin = "17", High = true } });
            first.Run(new Command { GpioConfigure = new GpioConfigure { Pin = "27", Mode = GpioMode.Input, Edge = GpioEdge.Rising } });
            first.Run(new Command { PwmSet = new PwmSet { Pin = "18", FrequencyHz = 2000, DutyPercent = 40 } });
        }

        using var second = new SimBoard(data: data);
        second.Commands.Restore();

        // 27 is wired to 17: it reads what the restored output drives.
        Assert.True(second.Gpio.Read("17").Pins[0].High);
        Assert.True(second.Gpio.Read("27").Pins[0].High);
        Assert.Equal(GpioEdge.Rising, second.Gpio.Setups.Single(s => s.Bcm == 27).Edge);
        Assert.Equal(2000u, Assert.Single(second.Pwm.Channels).FrequencyHz);
    }

    [Fact]
    public void Changes_are_saved_once_per_save_delay_not_once_per_command()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var board = new SimBoard(time: time);

        for (var i = 0; i < 100; i++)
        {
            board.Run(new Command { GpioWrite = new GpioWrite { Pin = "17", High = i % 2 == 0 } });
        }
        Assert.False(File.Exists(board.Store.Path));
        time.Advance(HardwareCommands.SaveDelay);

        // The last write (i = 99) drove the pin low.
        Assert.Contains("gpio 17 mode=output active-low=false high=false", File.ReadAllText(board.Store.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_command_does_not_change_the_saved_state()
    {
        using var board = new SimBoard();
        board.Run(new Command { GpioWrite = new GpioWrite { Pin = "17", High = true } });
        board.Commands.Flush();
        var before = File.ReadAllText(board.Store.Path);

        var result = board.Run(new Command { GpioWrite = new GpioWrite { Pin = "P6", High = false } });
        board.Commands.Flush();

        Assert.Equal(CommandError.Types.Code.InvalidArgument, result.Error.Code);
        Assert.Equal(before, File.ReadAllText(board.Store.Path));
    }
}
