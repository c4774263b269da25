using PiController.Hub.Resources;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Resources;

public sealed class ResourceDiffTests
{
    private static DesiredResource Gpio(string name, GpioSpec spec) => new(name, SpecRules.Check(spec, [])!);

    private static DesiredResource Pwm(string name, PwmSpec spec) => new(name, SpecRules.Check(spec, [])!);

    private static DesiredResource I2c(string name, I2cSpec spec) => new(name, SpecRules.Check(spec, [])!);

    private static PendingRelease Deleted(ResourceKind kind, string name, string specJson) =>
        new("node-1", ResourceTypes.Desired(kind, specJson)!.Claim, kind, name, specJson, DateTimeOffset.UnixEpoch);

    private static GpioPinState Output(uint bcm, bool high) => new() { Bcm = bcm, Mode = GpioMode.Output, High = high };

    private static List<Command> Commands(ReconcilePlan plan) => [.. plan.Releases.Select(s => s.Command), .. plan.Changes.Select(s => s.Command)];

    [Fact]
    public void A_pin_the_agent_does_not_hold_is_configured_with_its_initial_level()
    {
        var plan = ResourceDiff.Compute([Gpio("led", new GpioSpec("P11", "output", Value: "high"))], [], AgentHoldings.Empty);
        Assert.Equal([new Command { GpioConfigure = new GpioConfigure { Pin = "17", Mode = GpioMode.Output, InitialHigh = true } }], Commands(plan));
        Assert.Empty(plan.InSync);
    }

    [Fact]
    public void An_output_at_the_wrong_level_is_only_written()
    {
        var plan = ResourceDiff.Compute([Gpio("led", new GpioSpec("17", "output", Value: "low"))], [], new AgentHoldings([Output(17, true)], [], []));
        Assert.Equal([new Command { GpioWrite = new GpioWrite { Pin = "17", High = false } }], Commands(plan));
    }

    [Fact]
    public void A_pin_already_as_desired_gets_no_command_and_reports_what_the_agent_holds()
    {
        var plan = ResourceDiff.Compute([Gpio("led", new GpioSpec("17", "output", Value: "high"))], [], new AgentHoldings([Output(17, true)], [], []));
        Assert.Empty(Commands(plan));
        var (kind, name, observed) = Assert.Single(plan.InSync);
        Assert.Equal((ResourceKind.GpioPin, "led"), (kind, name));
        Assert.Equal(("output", "high", 17), (observed.Mode, observed.Value, observed.Bcm));
    }

    [Fact]
    public void An_input_with_another_pull_is_configured_again_with_every_input_setting()
    {
        var held = new GpioPinState { Bcm = 27, Mode = GpioMode.Input, Pull = GpioPull.Down, High = false };
        var plan = ResourceDiff.Compute([Gpio("button", new GpioSpec("27", "input", Pull: "up", Edge: "falling", DebounceMs: 20))], [], new AgentHoldings([held], [], []));
        Assert.Equal([new Command { GpioConfigure = new GpioConfigure { Pin = "27", Mode = GpioMode.Input, Pull = GpioPull.Up, Edge = GpioEdge.Falling, DebounceMs = 20 } }], Commands(plan));
    }

    [Fact]
    public void Pins_that_no_resource_manages_are_left_alone()
    {
        var holdings = new AgentHoldings([Output(22, true), Output(23, false)], [new PwmChannelState { Bcm = 12, FrequencyHz = 50, DutyPercent = 7.5 }],
            [new I2cWatchState { Bus = 1, Address = 0x44, Device = "sht3x", IntervalMs = 1000 }]);
        var plan = ResourceDiff.Compute([Gpio("led", new GpioSpec("17", "output"))], [], holdings);
        Assert.Equal([new Command { GpioConfigure = new GpioConfigure { Pin = "17", Mode = GpioMode.Output, InitialHigh = false } }], Commands(plan));
    }

    [Fact]
    public void A_deleted_resource_s_pin_is_released_only_when_the_agent_still_holds_it()
    {
        var held = Deleted(ResourceKind.GpioPin, "old-led", """{"pin":"17","mode":"output"}""");
        var gone = Deleted(ResourceKind.GpioPin, "older-led", """{"pin":"22","mode":"output"}""");
        var plan = ResourceDiff.Compute([], [held, gone], new AgentHoldings([Output(17, true)], [], []));
        Assert.Equal([new Command { GpioRelease = new GpioRelease { Pin = "17" } }], Commands(plan));
        Assert.Same(held, plan.Releases[0].Release);
        Assert.Equal([gone], plan.Settled);
    }

    [Fact]
    public void A_pin_passing_from_a_deleted_pwm_channel_to_a_gpio_is_stopped_first_then_configured()
    {
        var release = Deleted(ResourceKind.PwmController, "fan", """{"pin":"18","frequencyHz":25000,"dutyPercent":40}""");
        var holdings = new AgentHoldings([], [new PwmChannelState { Bcm = 18, FrequencyHz = 25000, DutyPercent = 40 }], []);
        var plan = ResourceDiff.Compute([Gpio("relay", new GpioSpec("18", "output", Value: "high"))], [release], holdings);
        Assert.Equal([new Command { PwmStop = new PwmStop { Pin = "18" } }], plan.Releases.Select(s => s.Command));
        Assert.Equal([new Command { GpioConfigure = new GpioConfigure { Pin = "18", Mode = GpioMode.Output, InitialHigh = true } }], plan.Changes.Select(s => s.Command));
    }

    [Fact]
    public void A_release_owed_to_a_pin_a_resource_of_the_same_kind_took_over_is_settled_without_a_command()
    {
        var release = Deleted(ResourceKind.GpioPin, "old-led", """{"pin":"17","mode":"output"}""");
        var plan = ResourceDiff.Compute([Gpio("new-led", new GpioSpec("17", "output", Value: "high"))], [release], new AgentHoldings([Output(17, true)], [], []));
        Assert.Empty(Commands(plan));
        Assert.Equal([release], plan.Settled);
    }

    [Fact]
    public void Pwm_and_i2c_differences_become_set_and_watch_commands()
    {
        var holdings = new AgentHoldings([], [new PwmChannelState { Bcm = 18, FrequencyHz = 1000, DutyPercent = 50 }],
            [new I2cWatchState { Bus = 1, Address = 0x76, Device = "bme280", IntervalMs = 1000 }]);
        var plan = ResourceDiff.Compute(
            [Pwm("fan", new PwmSpec("18", 1000, 75)), I2c("climate", new I2cSpec(1, "0x76", "bme280", 1000)), I2c("adc", new I2cSpec(1, "0x48", "ads1115", 500))],
            [Deleted(ResourceKind.I2cDevice, "humidity", """{"bus":1,"address":"0x76","device":"sht3x"}""")],
            holdings);
        Assert.Equal(
            [
                new Command { PwmSet = new PwmSet { Pin = "18", FrequencyHz = 1000, DutyPercent = 75 } },
                new Command { I2CWatch = new I2cWatch { Bus = 1, Address = 0x48, Device = "ads1115", IntervalMs = 500 } },
            ],
            Commands(plan));
        Assert.Equal(["climate"], plan.InSync.Select(s => s.Name));
    }
}
