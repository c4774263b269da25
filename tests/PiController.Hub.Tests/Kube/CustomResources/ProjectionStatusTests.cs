using System.Text.Json;
using PiController.Hub.Kube.CustomResources;
using PiController.Hub.Resources;

namespace PiController.Hub.Tests.Kube.CustomResources;

public sealed class ProjectionStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static ProjectionView View(string value) => new(ResourceKind.GpioPin, 3, "lab-default-led-0000", "node-a", "output " + value,
        new ObservedState { Bcm = 17, Mode = "output", Value = value },
        [new ResourceCondition(ResourceCondition.Applied, ResourceCondition.True, "Applied", "the agent applied the desired state", At)]);

    [Fact]
    public void The_status_says_the_generation_the_desired_and_observed_lines_and_the_conditions()
    {
        var status = JsonDocument.Parse(ProjectionStatus.ToJson(View("high")).ToJsonString()).RootElement;
        Assert.Equal(3, status.GetProperty("observedGeneration").GetInt64());
        Assert.Equal(("output high", "output high"), (status.GetProperty("desired").GetString(), status.GetProperty("observed").GetString()));
        Assert.Equal("2026-12-07T02:00:00Z", status.GetProperty("conditions")[0].GetProperty("lastTransitionTime").GetString());
        Assert.Equal(17, status.GetProperty("observedState").GetProperty("bcm").GetInt32());
    }

    [Fact]
    public void No_patch_is_made_when_the_status_says_the_same_and_a_field_gone_is_patched_to_null()
    {
        var current = JsonDocument.Parse(ProjectionStatus.ToJson(View("high")).ToJsonString()).RootElement;
        Assert.Null(ProjectionStatus.Patch(current, ProjectionStatus.ToJson(View("high"))));

        var next = ProjectionStatus.ToJson(View("low"));
        next.Remove("observedState");
        var patch = JsonDocument.Parse(ProjectionStatus.Patch(current, next)!).RootElement.GetProperty("status");
        Assert.Equal("output low", patch.GetProperty("observed").GetString());
        Assert.Equal(JsonValueKind.Null, patch.GetProperty("observedState").ValueKind);
    }

    [Fact]
    public void A_reading_is_split_into_names_values_and_units()
    {
        var view = new ProjectionView(ResourceKind.I2cDevice, 1, "x", "node-a", "bme280 every 5000 ms",
            new ObservedState { Bus = 1, Address = "0x76", Device = "bme280", ReadingAt = At, Values = new Dictionary<string, double> { ["temperature_celsius"] = 21.5, ["humidity_percent"] = 40 } }, []);
        var status = JsonDocument.Parse(ProjectionStatus.ToJson(view).ToJsonString()).RootElement;
        Assert.Equal("humidity 40 percent, temperature 21.5 celsius", status.GetProperty("observed").GetString());
        var first = status.GetProperty("lastReading").GetProperty("values")[0];
        Assert.Equal(("humidity", 40d, "percent"), (first.GetProperty("name").GetString(), first.GetProperty("value").GetDouble(), first.GetProperty("unit").GetString()));
        Assert.Equal("2026-12-07T02:00:00.000Z", status.GetProperty("lastReading").GetProperty("at").GetString());
    }
}
