using PiController.Agent.Hardware.Probe;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class PeripheralReaderTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private SystemRoot Root => new(_tree.Root);

    [Fact]
    public void Spi_devices_are_read_from_their_device_names_in_bus_order()
    {
        foreach (var name in new[] { "spidev10.0", "spidev0.1", "spidev0.0", "spidev", "spidev0.x" })
        {
            _tree.Write("/dev/" + name, "");
        }

        Assert.Equal([(0u, 0u), (0u, 1u), (10u, 0u)], PeripheralReader.SpiDevices(Root).Select(d => (d.Bus, d.ChipSelect)));
    }

    [Fact]
    public void I2c_buses_sort_numerically_and_an_unreadable_name_stays_unknown()
    {
        _tree.Write("/dev/i2c-10", "");
        _tree.Write("/dev/i2c-2", "");
        _tree.Write("/sys/bus/i2c/devices/i2c-2/name", "bcm2835 (i2c@7e805000)\n");

        var buses = PeripheralReader.I2cBuses(Root).ToList();

        Assert.Equal([2u, 10u], buses.Select(b => b.Bus));
        Assert.Equal("bcm2835 (i2c@7e805000)", buses[0].Name);
        Assert.False(buses[1].HasName);
    }

    [Fact]
    public void Pwm_chip_with_an_unreadable_channel_count_has_none()
    {
        _tree.Write("/sys/class/pwm/pwmchip0/uevent", "");

        var chip = Assert.Single(PeripheralReader.PwmChips(Root));

        Assert.False(chip.HasChannelCount);
    }
}
