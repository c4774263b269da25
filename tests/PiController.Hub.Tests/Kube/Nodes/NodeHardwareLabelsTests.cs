using PiController.Hub.Kube.Nodes;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Kube.Nodes;

public sealed class NodeHardwareLabelsTests
{
    private static HardwareReport Pi4(ThrottleState? throttling = null)
    {
        var report = new HardwareReport
        {
            Board = new BoardIdentity
            {
                RaspberryPi = true, Model = "Raspberry Pi 4 Model B Rev 1.4", BoardType = "4B", BoardRevision = "1.4", RevisionCode = 0xc03114,
                MemoryMegabytes = 4096, Processor = "BCM2711",
            },
            Throttling = throttling,
        };
        report.GpioChips.Add(new GpioChip { Name = "gpiochip0", LineCount = 58 });
        report.GpioChips.Add(new GpioChip { Name = "gpiochip1", LineCount = 8 });
        report.I2CBuses.Add(new I2cBus { Bus = 1 });
        report.I2CBuses.Add(new I2cBus { Bus = 20 });
        report.PwmChips.Add(new PwmChip { Chip = 0, ChannelCount = 2 });
        return report;
    }

    [Fact]
    public void A_Pi_4_is_labelled_with_what_Node_Feature_Discovery_cannot_see()
    {
        var state = NodeHardwareLabels.Desired("10000000abcdef01", Pi4(), ["bme280"], throttleTaints: false);

        Assert.Equal(new Dictionary<string, string>
        {
            ["hardware.pi-controller.io/board"] = "4B",
            ["hardware.pi-controller.io/board-revision"] = "1.4",
            ["hardware.pi-controller.io/gpio"] = "true",
            ["hardware.pi-controller.io/gpio-lines"] = "66",
            ["hardware.pi-controller.io/i2c"] = "true",
            ["hardware.pi-controller.io/i2c-buses"] = "2",
            ["hardware.pi-controller.io/memory-mb"] = "4096",
            ["hardware.pi-controller.io/model"] = "Raspberry-Pi-4-Model-B-Rev-1.4",
            ["hardware.pi-controller.io/node-id"] = "10000000abcdef01",
            ["hardware.pi-controller.io/processor"] = "BCM2711",
            ["hardware.pi-controller.io/pwm"] = "true",
            ["hardware.pi-controller.io/pwm-channels"] = "2",
            ["hardware.pi-controller.io/revision"] = "c03114",
            ["hardware.pi-controller.io/sensor.bme280"] = "true",
        }, state.Labels);
        Assert.Empty(state.Taints);
        Assert.True(state.Complete);
    }

    [Fact]
    public void Throttling_taints_the_node_only_when_the_policy_asks()
    {
        var throttled = new ThrottleState { UnderVoltageNow = true, ThrottledNow = true, UnderVoltageOccurred = true };

        Assert.Empty(NodeHardwareLabels.Desired("n1", Pi4(throttled), [], throttleTaints: false).Taints);
        Assert.Equal(
            [new NodeTaint("hardware.pi-controller.io/under-voltage", "true", "NoSchedule"), new NodeTaint("hardware.pi-controller.io/thermal-throttled", "true", "NoSchedule")],
            NodeHardwareLabels.Desired("n1", Pi4(throttled), [], throttleTaints: true).Taints);
    }

    [Fact]
    public void Throttling_that_only_occurred_earlier_taints_nothing()
    {
        var past = new ThrottleState { UnderVoltageNow = false, UnderVoltageOccurred = true, ThrottledOccurred = true };

        Assert.Empty(NodeHardwareLabels.Desired("n1", Pi4(past), [], throttleTaints: true).Taints);
    }

    [Fact]
    public void Without_a_hardware_report_only_the_node_id_and_sensors_are_known_and_nothing_is_to_be_removed()
    {
        var state = NodeHardwareLabels.Desired("n1", null, ["sht3x"], throttleTaints: true);

        Assert.Equal(["hardware.pi-controller.io/node-id", "hardware.pi-controller.io/sensor.sht3x"], state.Labels.Keys);
        Assert.False(state.Complete);
    }
}
