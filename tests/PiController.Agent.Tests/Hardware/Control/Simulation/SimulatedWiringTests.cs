using PiController.Agent.Configuration;
using PiController.Agent.Hardware.Control.Simulation;

namespace PiController.Agent.Tests.Hardware.Control.Simulation;

public sealed class SimulatedWiringTests
{
    [Fact]
    public void Pairs_are_wired_both_ways()
    {
        var wiring = SimulatedWiring.TryParse("17-27, 5 - 6", out var error);

        Assert.Null(error);
        Assert.Equal(27, wiring!.PeerOf(17));
        Assert.Equal(17, wiring.PeerOf(27));
        Assert.Equal(6, wiring.PeerOf(5));
        Assert.Null(wiring.PeerOf(4));
        Assert.Equal("17-27, 5-6", wiring.ToString());
    }

    [Theory]
    [InlineData("17")]
    [InlineData("17-17")]
    [InlineData("17-27, 27-22")]
    [InlineData("17-40")]
    [InlineData("a-b")]
    public void Bad_wiring_is_refused(string text) => Assert.Null(SimulatedWiring.TryParse(text, out _));

    [Fact]
    public void The_setting_names_itself_in_its_error()
    {
        var e = Assert.Throws<ConfigException>(() => AgentSettings.Apply(new AgentOptions(), "sim-wiring", "17-99", "flag --sim-wiring"));

        Assert.Contains("flag --sim-wiring: sim-wiring:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_up_on_an_open_wire_reads_high_and_an_output_overrides_it()
    {
        using var board = new Support.SimBoard("17-27");
        board.Gpio.Configure(new Protocol.Link.GpioConfigure { Pin = "27", Mode = Protocol.Link.GpioMode.Input, Pull = Protocol.Link.GpioPull.Up });

        Assert.True(board.Gpio.Read("27").Pins[0].High);
        board.Gpio.Write("17", false);
        Assert.False(board.Gpio.Read("27").Pins[0].High);
    }
}
