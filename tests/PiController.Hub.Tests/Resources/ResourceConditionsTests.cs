using PiController.Hub.Resources;

namespace PiController.Hub.Tests.Resources;

public sealed class ResourceConditionsTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);

    private static ResourceRecord Record(ResourceStatus status, long generation = 1) => new(
        ResourceKind.GpioPin, "led", new Dictionary<string, string>(), "node-1", null, """{"pin":"17","mode":"output"}""", "gpio17", true, generation, status, T0, T0);

    private static string Line(ResourceStatus status, string type) => status.Condition(type) is { } c ? $"{c.Status} {c.Reason}" : "absent";

    [Fact]
    public void Exactly_one_condition_is_true_and_applied_false_names_the_one_that_is()
    {
        var status = ResourceConditions.Next(Record(ResourceStatus.Pending("node-1")), T0, ResourceCondition.Invalid, "InvalidArgument", "bad pin", null);
        Assert.Equal(["False Invalid", "False NoConflict", "False NodeConnected", "True InvalidArgument"],
            ResourceCondition.Types.Select(t => Line(status, t)));
        Assert.Equal("bad pin", status.Condition(ResourceCondition.Applied)!.Message);
        Assert.Equal(1, status.ObservedGeneration);
    }

    [Fact]
    public void A_condition_keeps_its_transition_time_while_its_status_stays_the_same()
    {
        var applied = ResourceConditions.Next(Record(ResourceStatus.Pending("node-1")), T0, ResourceCondition.Applied, "Applied", "ok", new ObservedState { Bcm = 17 });
        var again = ResourceConditions.Next(Record(applied), T0.AddMinutes(5), ResourceCondition.Applied, "InSync", "ok", new ObservedState { Bcm = 17 });
        Assert.Equal(T0, again.Condition(ResourceCondition.Applied)!.LastTransitionTime);
        var offline = ResourceConditions.Next(Record(again), T0.AddMinutes(9), ResourceCondition.NodeOffline, "AgentNotConnected", "gone", null);
        Assert.Equal(T0.AddMinutes(9), offline.Condition(ResourceCondition.Applied)!.LastTransitionTime);
        Assert.Equal(T0.AddMinutes(9), offline.Condition(ResourceCondition.NodeOffline)!.LastTransitionTime);
    }

    [Fact]
    public void While_offline_the_observed_state_and_generation_stay_at_what_the_agent_last_saw()
    {
        var applied = ResourceConditions.Next(Record(ResourceStatus.Pending("node-1")), T0, ResourceCondition.Applied, "Applied", "ok", new ObservedState { Bcm = 17, Value = "high" });
        var offline = ResourceConditions.Next(Record(applied, generation: 2), T0.AddMinutes(1), ResourceCondition.NodeOffline, "AgentNotConnected", "gone", null);
        Assert.Equal((1L, "high"), (offline.ObservedGeneration, offline.Observed!.Value));
        Assert.True(offline.Is(ResourceCondition.NodeOffline));
        Assert.False(offline.Is(ResourceCondition.Applied));
    }

    [Fact]
    public void A_status_that_says_nothing_new_is_the_same_whatever_its_times()
    {
        var first = ResourceConditions.Next(Record(ResourceStatus.Pending("node-1")), T0, ResourceCondition.Applied, "InSync", "ok", new ObservedState { Bcm = 17 });
        var later = ResourceConditions.Next(Record(first), T0.AddHours(1), ResourceCondition.Applied, "InSync", "ok", new ObservedState { Bcm = 17 });
        Assert.True(ResourceConditions.Same(first, later));
        var changed = ResourceConditions.Next(Record(first), T0.AddHours(1), ResourceCondition.Applied, "InSync", "ok", new ObservedState { Bcm = 17, Value = "low" });
        Assert.False(ResourceConditions.Same(first, changed));
    }
}
