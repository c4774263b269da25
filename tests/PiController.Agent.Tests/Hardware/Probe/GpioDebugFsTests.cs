using PiController.Agent.Hardware.Probe;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class GpioDebugFsTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private GpioDebugFs Reader(string listing)
    {
        _tree.Write(GpioDebugFs.Path, listing);
        return new GpioDebugFs(new SystemRoot(_tree.Root));
    }

    [Fact]
    public void Header_with_a_line_count_uses_chip_offsets()
    {
        // Linux 6.9 and later print the count and chip-relative line numbers.
        var reader = Reader("""
            gpiochip0: 3 GPIOs, parent: platform/1f000d0000.gpio, pinctrl-rp1:
             gpio-0   (ID_SDA              )
             gpio-1   (ID_SCL              )
             gpio-2   (GPIO2               |sda1                ) in  hi IRQ ACTIVE LOW
            """);

        var chip = reader.Read("gpiochip0");

        Assert.NotNull(chip);
        Assert.Equal("pinctrl-rp1", chip.Label);
        Assert.Equal(3u, chip.LineCount);
        Assert.Equal([(0u, "ID_SDA", "", false), (1u, "ID_SCL", "", false), (2u, "GPIO2", "sda1", true)],
            chip.Lines.Select(l => (l.Offset, l.Name, l.Consumer, l.Used)));
    }

    [Fact]
    public void Listing_of_requested_lines_only_gives_no_lines()
    {
        // Older kernels print only the requested lines; the others would otherwise look free.
        var reader = Reader("""
            gpiochip0: GPIOs 0-53, parent: platform/3f200000.gpio, pinctrl-bcm2835:
             gpio-18  (                    |sysfs               ) out hi
             gpio-24  (                    |sysfs               ) out hi
            """);

        var chip = reader.Read("gpiochip0");

        Assert.NotNull(chip);
        Assert.Equal("pinctrl-bcm2835", chip.Label);
        Assert.Equal(54u, chip.LineCount);
        Assert.Empty(chip.Lines);
    }

    [Fact]
    public void Label_drops_the_can_sleep_suffix()
    {
        var reader = Reader("""
            gpiochip1: GPIOs 504-505, parent: platform/soc:firmware:gpio, raspberrypi-exp-gpio, can sleep:
             gpio-504 (BT_ON               )
             gpio-505 (WL_ON               )
            """);

        Assert.Equal("raspberrypi-exp-gpio", reader.Read("gpiochip1")?.Label);
    }

    [Fact]
    public void Chip_that_is_not_listed_is_unknown()
    {
        var reader = Reader("gpiochip0: GPIOs 0-1, parent: platform/x.gpio, x:\n gpio-0   (A                   )\n gpio-1   (B                   )\n");

        Assert.Null(reader.Read("gpiochip7"));
    }

    [Fact]
    public void Missing_debugfs_is_unknown()
    {
        Assert.Null(new GpioDebugFs(new SystemRoot(_tree.Root)).Read("gpiochip0"));
    }
}
