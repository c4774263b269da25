using PiController.Hub.Cli;
using PiController.Hub.Hardware;

namespace PiController.Hub.Tests.Cli;

public sealed class I2cGridTests
{
    [Fact]
    public void The_scan_grid_looks_like_i2cdetect()
    {
        var grid = I2cCommand.Grid(new I2cScanView("n", 1, ["0x20", "0x76"], ["0x3c"])).Split('\n');

        Assert.Equal("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f", grid[0]);
        Assert.Equal("00:          -- -- -- -- -- -- -- -- -- -- -- -- --", grid[1]);
        Assert.StartsWith("20: 20 --", grid[3], StringComparison.Ordinal);
        Assert.Contains(" UU", grid[4], StringComparison.Ordinal);
        Assert.Equal("70: -- -- -- -- -- -- 76 --                        ", grid[8]);
    }
}
