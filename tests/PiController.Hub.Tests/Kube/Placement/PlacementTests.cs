using PiController.Hub.Api;
using PiController.Hub.Kube.Nodes;
using PiController.Hub.Kube.Placement;

namespace PiController.Hub.Tests.Kube.Placement;

public sealed class PlacementTests
{
    private static readonly Dictionary<string, string> Pi4WithSensor = new()
    {
        ["hardware.pi-controller.io/gpio"] = "true",
        ["hardware.pi-controller.io/i2c"] = "true",
        ["hardware.pi-controller.io/sensor.bme280"] = "true",
        ["hardware.pi-controller.io/memory-mb"] = "4096",
        ["hardware.pi-controller.io/board"] = "4B",
    };

    private static readonly Dictionary<string, string> Zero2W = new()
    {
        ["hardware.pi-controller.io/gpio"] = "true",
        ["hardware.pi-controller.io/memory-mb"] = "512",
        ["hardware.pi-controller.io/board"] = "Zero-2-W",
    };

    [Fact]
    public void The_needs_of_the_issue_parse_into_labels()
    {
        var needs = PlacementNeeds.Parse("gpio, i2c:bme280 ,memory>=2Gi");

        Assert.Equal(
        [
            new PlacementNeed("gpio", PlacementNeedKind.Feature, "hardware.pi-controller.io/gpio", "true"),
            new PlacementNeed("i2c:bme280", PlacementNeedKind.Sensor, "hardware.pi-controller.io/sensor.bme280", "true"),
            new PlacementNeed("memory>=2Gi", PlacementNeedKind.Memory, "hardware.pi-controller.io/memory-mb", null, 2048),
        ], needs);
    }

    [Theory]
    [InlineData("gpio,usb", "need \"usb\" is not understood: the terms are gpio, i2c, pwm, spi")]
    [InlineData("i2c:bme999", "need \"i2c:bme999\" is not understood: \"bme999\" is not a device type the hub reads")]
    [InlineData("memory>=lots", "need \"memory>=lots\" is not understood: \"lots\" is not a memory size")]
    [InlineData("memory<2Gi", "need \"memory<2Gi\" is not understood: a memory need is written memory>=SIZE")]
    [InlineData("board=", "need \"board=\" is not understood: name a board type")]
    [InlineData(" , ", "no needs given")]
    public void A_term_that_is_not_understood_is_named(string needs, string message)
    {
        var error = Assert.Throws<HubException>(() => PlacementNeeds.Parse(needs));

        Assert.Equal(HubErrorKind.Invalid, error.Kind);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_with_everything_fits_and_one_without_says_why_not()
    {
        var needs = PlacementNeeds.Parse("gpio,i2c:bme280,memory>=2Gi");

        Assert.Empty(PlacementMatch.Reasons(Pi4WithSensor, false, [], needs));
        Assert.Equal(
        [
            "no bme280 is read on it (create an I2CDevice of that type on the node first)",
            "it has 512 MiB of memory, the workload needs 2048 MiB",
        ], PlacementMatch.Reasons(Zero2W, false, [], needs));
    }

    [Fact]
    public void A_cordoned_or_throttled_node_does_not_fit()
    {
        var reasons = PlacementMatch.Reasons(Pi4WithSensor, true, [new NodeTaint("hardware.pi-controller.io/under-voltage", "true", "NoSchedule")], PlacementNeeds.Parse("gpio"));

        Assert.Equal(2, reasons.Count);
        Assert.Contains("cordoned", reasons[0], StringComparison.Ordinal);
        Assert.Contains("hardware.pi-controller.io/under-voltage=true:NoSchedule", reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_board_need_names_the_board_the_node_is()
    {
        Assert.Equal(["it is a Zero-2-W, not a 5"], PlacementMatch.Reasons(Zero2W, false, [], PlacementNeeds.Parse("board=5")));
    }

    [Fact]
    public void The_node_affinity_matches_the_same_labels()
    {
        Assert.Equal("""
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                  - matchExpressions:
                    - key: hardware.pi-controller.io/gpio
                      operator: In
                      values: ["true"]
                    - key: hardware.pi-controller.io/sensor.bme280
                      operator: In
                      values: ["true"]
                    - key: hardware.pi-controller.io/memory-mb
                      operator: Gt
                      values: ["2047"]

            """.ReplaceLineEndings("\n"), NodeAffinityYaml.For(PlacementNeeds.Parse("gpio,i2c:bme280,memory>=2Gi")));
    }
}
