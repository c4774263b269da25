using PiController.Agent.Hardware.Probe;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class ThrottleReaderTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private SystemRoot Root => new(_tree.Root);

    [Fact]
    public void Word_of_an_under_powered_board_sets_the_now_and_since_boot_flags()
    {
        _tree.Write(ThrottleReader.GetThrottledPath, "50005\n");

        var state = ThrottleReader.Read(Root);

        Assert.NotNull(state);
        Assert.Equal(0x50005u, state.Raw);
        Assert.True(state.UnderVoltageNow);
        Assert.True(state.ThrottledNow);
        Assert.False(state.FrequencyCappedNow);
        Assert.True(state.UnderVoltageOccurred);
        Assert.True(state.ThrottledOccurred);
    }

    [Fact]
    public void Word_with_a_0x_prefix_is_read_as_hex()
    {
        _tree.Write(ThrottleReader.GetThrottledPath, "0x80008\n");

        var state = ThrottleReader.Read(Root);

        Assert.Equal(0x80008u, state?.Raw);
        Assert.True(state?.SoftTemperatureLimitNow);
        Assert.True(state?.SoftTemperatureLimitOccurred);
    }

    [Fact]
    public void Firmware_node_on_a_soc_bus_with_an_address_is_found()
    {
        _tree.Write("/sys/devices/platform/soc@107c000000/soc@107c000000:firmware/get_throttled", "20002\n");

        Assert.Equal(0x20002u, ThrottleReader.Read(Root)?.Raw);
    }

    [Fact]
    public void Hwmon_alarm_reports_present_under_voltage()
    {
        _tree.Write("/sys/class/hwmon/hwmon3/name", "rpi_volt\n");
        _tree.Write("/sys/class/hwmon/hwmon3/in0_lcrit_alarm", "1\n");

        var state = ThrottleReader.Read(Root);

        Assert.True(state?.UnderVoltageNow);
        Assert.False(state?.HasRaw);
    }

    [Fact]
    public void Unreadable_values_leave_the_state_unknown()
    {
        _tree.Write(ThrottleReader.GetThrottledPath, "not hex\n");
        _tree.Write("/sys/class/hwmon/hwmon0/name", "rpi_volt\n");

        Assert.Null(ThrottleReader.Read(Root));
    }
}
