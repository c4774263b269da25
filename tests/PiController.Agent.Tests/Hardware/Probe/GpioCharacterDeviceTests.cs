using PiController.Agent.Hardware.Probe;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Probe;

/// <summary>
/// This machine has no GPIO chip, so these tests cover the refusals: the ioctl is really issued and the kernel
/// answers that the file is not a GPIO chip. The decoding is covered by the fixture boards through the double.
/// </summary>
public sealed class GpioCharacterDeviceTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Device_that_is_not_a_gpio_chip_is_unknown()
    {
        // /dev/null accepts the open and refuses the chip-info ioctl (ENOTTY).
        Assert.Null(new GpioCharacterDevice(SystemRoot.Host).Read("null"));
    }

    [Fact]
    public void Regular_file_is_unknown()
    {
        _tree.Write("/dev/gpiochip0", "");

        Assert.Null(new GpioCharacterDevice(new SystemRoot(_tree.Root)).Read("gpiochip0"));
    }

    [Fact]
    public void Missing_device_is_unknown()
    {
        Assert.Null(new GpioCharacterDevice(new SystemRoot(_tree.Root)).Read("gpiochip0"));
    }

    [Fact]
    public void Chip_no_reader_can_read_is_listed_by_name_only()
    {
        _tree.Write("/dev/gpiochip0", "");

        var report = BoardProbe.ForSystem(new SystemRoot(_tree.Root)).Probe();

        var chip = Assert.Single(report.GpioChips);
        Assert.Equal("gpiochip0", chip.Name);
        Assert.False(chip.HasLabel);
        Assert.False(chip.HasLineCount);
        Assert.Empty(chip.Lines);
    }
}
