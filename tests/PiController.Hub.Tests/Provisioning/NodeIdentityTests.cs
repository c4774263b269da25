using PiController.Hub.Provisioning.Install;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Provisioning;

public sealed class NodeIdentityTests
{
    [Theory]
    [InlineData("pi-one", new string[0], "pi-one")]
    [InlineData("Pi-One", new string[0], "pi-one")]
    [InlineData("raspberrypi", new[] { "raspberrypi" }, "pi-10000000abcdef01")]
    [InlineData("bad_name", new string[0], "pi-10000000abcdef01")]
    [InlineData(null, new string[0], "pi-10000000abcdef01")]
    public void A_node_is_named_by_its_hostname_unless_it_is_taken_or_invalid(string? hostname, string[] others, string name)
    {
        Assert.Equal(name, K3sNodeName.Choose(hostname, "10000000ABCDEF01", others).Name);
    }

    [Fact]
    public void A_duplicate_hostname_says_why_the_serial_was_used()
    {
        Assert.Equal("another node of the cluster is also called \"raspberrypi\"; named after the board's serial instead",
            K3sNodeName.Choose("raspberrypi", "1", ["RaspberryPi"]).Reason);
    }

    [Fact]
    public void Hardware_labels_come_from_the_report_with_values_Kubernetes_accepts()
    {
        var report = new HardwareReport
        {
            Board = new BoardIdentity { RaspberryPi = true, BoardType = "Zero 2 W", RevisionCode = 0x902120, MemoryMegabytes = 512, Processor = "BCM2837" },
        };
        report.I2CBuses.Add(new I2cBus { Bus = 1 });

        Assert.Equal(new Dictionary<string, string>
        {
            ["hardware.pi-controller.io/board"] = "Zero-2-W",
            ["hardware.pi-controller.io/i2c"] = "true",
            ["hardware.pi-controller.io/memory-mb"] = "512",
            ["hardware.pi-controller.io/processor"] = "BCM2837",
            ["hardware.pi-controller.io/revision"] = "902120",
        }, HardwareLabels.From(report));
    }

    [Fact]
    public void A_report_without_a_board_gives_no_invented_labels()
    {
        Assert.Empty(HardwareLabels.From(new HardwareReport()));
    }

    [Theory]
    [InlineData("Zero 2 W", "Zero-2-W")]
    [InlineData("  ", null)]
    [InlineData("CM5 Lite", "CM5-Lite")]
    public void A_label_value_is_cut_to_what_Kubernetes_accepts(string text, string? value)
    {
        Assert.Equal(value, HardwareLabels.Value(text));
    }

    [Fact]
    public void A_node_registers_with_its_hub_node_id_beside_its_hardware_labels()
    {
        var labels = HardwareLabels.WithNodeId(new Dictionary<string, string> { ["hardware.pi-controller.io/gpio"] = "true" }, "10000000abcdef01");

        Assert.Equal(new Dictionary<string, string>
        {
            ["hardware.pi-controller.io/gpio"] = "true",
            ["hardware.pi-controller.io/node-id"] = "10000000abcdef01",
        }, labels);
        Assert.DoesNotContain(HardwareLabels.NodeId, HardwareLabels.WithNodeId(new Dictionary<string, string>(), "id with spaces").Keys);
    }
}
