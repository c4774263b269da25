using PiController.Agent.Hardware.Probe;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class NodeIdentityTests : IDisposable
{
    private const string MachineId = "4c4c4544004e3510805ab4c04f4e3232";
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string? Read() => NodeIdentity.Read(new SystemRoot(_tree.Root));

    [Fact]
    public void Device_tree_serial_is_the_node_id()
    {
        // The device tree holds the serial NUL-terminated, as the firmware writes it.
        _tree.Write("/proc/device-tree/serial-number", "10000000A3C1F2E4\0");
        _tree.Write("/proc/cpuinfo", "Serial\t\t: 00000000deadbeef\n");
        _tree.Write("/etc/machine-id", MachineId + "\n");

        Assert.Equal("10000000a3c1f2e4", Read());
    }

    [Fact]
    public void Cpuinfo_serial_is_used_without_a_device_tree()
    {
        _tree.Write("/proc/cpuinfo", "processor\t: 0\nHardware\t: BCM2835\nRevision\t: a020d3\nSerial\t\t: 00000000b6c5d4e3\nModel\t\t: Raspberry Pi 3 Model B Plus Rev 1.3\n");
        _tree.Write("/etc/machine-id", MachineId + "\n");

        Assert.Equal("00000000b6c5d4e3", Read());
    }

    [Fact]
    public void All_zero_serial_falls_back_to_machine_id()
    {
        _tree.Write("/proc/cpuinfo", "Serial\t\t: 0000000000000000\n");
        _tree.Write("/etc/machine-id", MachineId + "\n");

        Assert.Equal(MachineId, Read());
    }

    [Fact]
    public void Unusable_device_tree_serial_falls_through_to_cpuinfo()
    {
        _tree.Write("/proc/device-tree/serial-number", "0000000000000000\0");
        _tree.Write("/proc/cpuinfo", "Serial\t\t: 100000003fa1b2c3\n");
        _tree.Write("/etc/machine-id", MachineId + "\n");

        Assert.Equal("100000003fa1b2c3", Read());
    }

    [Fact]
    public void Machine_id_is_used_on_a_machine_without_a_serial()
    {
        _tree.Write("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz\n");
        _tree.Write("/etc/machine-id", MachineId.ToUpperInvariant() + "\n");

        Assert.Equal(MachineId, Read());
    }

    [Fact]
    public void Missing_everything_gives_no_identity()
    {
        Assert.Null(Read());
    }

    [Fact]
    public void Malformed_machine_id_gives_no_identity()
    {
        _tree.Write("/etc/machine-id", "uninitialized\n");

        Assert.Null(Read());
    }

    [Fact]
    public void Simulated_serial_is_the_configured_one_else_derived_from_machine_id()
    {
        _tree.Write("/etc/machine-id", MachineId + "\n");
        var root = new SystemRoot(_tree.Root);

        Assert.Equal("bench-01", NodeIdentity.Simulated(root, "bench-01"));
        Assert.Equal("sim-" + MachineId[..12], NodeIdentity.Simulated(root, null));
    }
}
