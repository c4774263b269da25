using PiController.Agent.Hardware.Probe;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class SimulatedBoardTests
{
    [Fact]
    public void Simulated_board_is_marked_and_shaped_like_a_pi_4b()
    {
        var report = SimulatedBoard.Report("bench-01");

        Assert.True(report.Simulated);
        Assert.Equal("bench-01", report.Board.Serial);
        Assert.Equal("4B", report.Board.BoardType);
        Assert.Equal(SystemInfoReader.SimulatedModel, report.Board.Model);
        var chip = Assert.Single(report.GpioChips);
        Assert.Equal("pinctrl-bcm2711", chip.Label);
        Assert.Equal(58, chip.Lines.Count);
        Assert.Equal("GPIO17", chip.Lines[17].Name);
        Assert.Null(report.Throttling);
    }
}
