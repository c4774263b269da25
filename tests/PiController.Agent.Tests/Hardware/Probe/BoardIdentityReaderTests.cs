using PiController.Agent.Hardware.Probe;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Hardware.Probe;

public sealed class BoardIdentityReaderTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private void PiDeviceTree(string model, string board)
    {
        _tree.Write("/proc/device-tree/model", model + "\0");
        _tree.Write("/proc/device-tree/compatible", $"raspberrypi,{board}\0brcm,bcm2712\0");
    }

    [Fact]
    public void Revision_with_a_type_the_table_lacks_is_reported_as_unknown_type()
    {
        PiDeviceTree("Raspberry Pi 6 Model B Rev 1.0", "6-model-b");
        _tree.Write("/proc/cpuinfo", "processor\t: 0\n\nRevision\t: d041f0\nSerial\t\t: 5a3f1c2b9e8d7a61\n");

        var board = BoardIdentityReader.Read(new SystemRoot(_tree.Root));

        Assert.Equal(0xd041f0u, board.RevisionCode);
        Assert.Equal(0x1fu, board.BoardTypeCode);
        Assert.False(board.HasBoardType);
        Assert.Equal("BCM2712", board.Processor);
        Assert.Equal("Raspberry Pi 6 Model B Rev 1.0", board.Model);
    }

    [Fact]
    public void Mainline_kernel_without_cpuinfo_board_lines_is_read_from_the_device_tree()
    {
        // Ubuntu's arm64 kernel: no Revision, Serial or Model in /proc/cpuinfo.
        PiDeviceTree("Raspberry Pi 4 Model B Rev 1.4", "4-model-b");
        _tree.Write("/proc/device-tree/serial-number", "10000000934fe714\0");
        File.WriteAllBytes(_tree.Write("/proc/device-tree/system/linux,revision", ""), [0x00, 0xd0, 0x31, 0x14]);
        _tree.Write("/proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd08\n");

        var board = BoardIdentityReader.Read(new SystemRoot(_tree.Root));

        Assert.Equal(0xd03114u, board.RevisionCode);
        Assert.Equal("4B", board.BoardType);
        Assert.Equal(8192u, board.MemoryMegabytes);
        Assert.Equal("10000000934fe714", board.Serial);
    }

    [Fact]
    public void Revision_line_of_a_board_that_is_not_a_pi_is_not_decoded()
    {
        _tree.Write("/proc/device-tree/model", "Xunlong Orange Pi PC\0");
        _tree.Write("/proc/device-tree/compatible", "xunlong,orangepi-pc\0allwinner,sun8i-h3\0");
        _tree.Write("/proc/cpuinfo", "Hardware\t: Allwinner sun8i Family\nRevision\t: 0000\nSerial\t\t: 02c00081a5c1b23d\n");

        var board = BoardIdentityReader.Read(new SystemRoot(_tree.Root));

        Assert.False(board.RaspberryPi);
        Assert.Equal("Xunlong Orange Pi PC", board.Model);
        Assert.False(board.HasRevisionCode);
        Assert.False(board.HasBoardType);
    }

    [Fact]
    public void Old_style_revision_is_reported_raw_without_decoded_fields()
    {
        _tree.Write("/proc/device-tree/model", "Raspberry Pi Model B Plus Rev 1.2\0");
        _tree.Write("/proc/cpuinfo", "Hardware\t: BCM2835\nRevision\t: 0010\n");

        var board = BoardIdentityReader.Read(new SystemRoot(_tree.Root));

        Assert.True(board.RaspberryPi);
        Assert.Equal(0x10u, board.RevisionCode);
        Assert.False(board.HasBoardTypeCode);
        Assert.False(board.HasMemoryMegabytes);
    }

    [Fact]
    public void Model_falls_back_to_the_cpuinfo_model_line()
    {
        _tree.Write("/proc/cpuinfo", "Revision\t: a020d3\nModel\t\t: Raspberry Pi 3 Model B Plus Rev 1.3\n");

        var board = BoardIdentityReader.Read(new SystemRoot(_tree.Root));

        Assert.Equal("Raspberry Pi 3 Model B Plus Rev 1.3", board.Model);
        Assert.Equal("3B+", board.BoardType);
    }
}
