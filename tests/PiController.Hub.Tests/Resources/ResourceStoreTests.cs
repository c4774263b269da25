using PiController.Hub.Resources;
using PiController.Hub.State;

namespace PiController.Hub.Tests.Resources;

public sealed class ResourceStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly HubDatabase _database;
    private readonly ResourceStore _store;

    public ResourceStoreTests()
    {
        _database = _directory.MigratedDatabase();
        _store = new ResourceStore(_database, TimeProvider.System);
    }

    public void Dispose() => _directory.Dispose();

    private static ResourceRecord Record(ResourceKind kind, string name, string spec, string node = "node-1", bool release = true)
    {
        var valid = ResourceTypes.Desired(kind, spec)!;
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
        return new ResourceRecord(kind, name, new Dictionary<string, string> { ["room"] = "garage" }, node, null, spec, valid.Claim, release, 1,
            ResourceStatus.Pending(node), now, now);
    }

    private static ResourceRecord Led(string name = "led", string pin = "17", bool release = true) =>
        Record(ResourceKind.GpioPin, name, $$"""{"pin":"{{pin}}","mode":"output"}""", release: release);

    [Fact]
    public void A_stored_resource_reads_back_as_it_was_written()
    {
        var led = Led();
        Assert.True(_store.Insert(led).Done);
        var read = _store.Get(ResourceKind.GpioPin, "led")!;
        Assert.Equal((led.Name, led.NodeId, led.Spec, led.Claim, led.Generation, led.CreatedAt), (read.Name, read.NodeId, read.Spec, read.Claim, read.Generation, read.CreatedAt));
        Assert.Equal("garage", read.Labels["room"]);
        Assert.Equal("node-1", read.Status.Node);
    }

    [Fact]
    public void A_pwm_channel_on_a_pin_a_gpio_resource_holds_is_refused_naming_the_holder_and_nothing_is_stored()
    {
        Assert.True(_store.Insert(Led(pin: "18")).Done);
        var result = _store.Insert(Record(ResourceKind.PwmController, "fan", """{"pin":"P12","frequencyHz":25000,"dutyPercent":40}"""));
        Assert.False(result.Done);
        Assert.Equal("GPIOPin/led", result.Other!.Reference);
        Assert.Equal(1, _database.Long("SELECT COUNT(*) FROM resources"));
    }

    [Fact]
    public void The_same_pin_on_another_node_is_not_a_conflict()
    {
        Assert.True(_store.Insert(Led()).Done);
        Assert.True(_store.Insert(Record(ResourceKind.GpioPin, "led-2", """{"pin":"17","mode":"output"}""", node: "node-2")).Done);
    }

    [Fact]
    public void A_second_resource_with_a_taken_name_is_refused_as_a_name_clash()
    {
        Assert.True(_store.Insert(Led()).Done);
        var result = _store.Insert(Led(pin: "22"));
        Assert.True(result.NameTaken);
        Assert.Equal(1, _database.Long("SELECT COUNT(*) FROM resources"));
    }

    [Fact]
    public void Deleting_a_resource_that_releases_leaves_a_release_owed_and_one_that_keeps_does_not()
    {
        _store.Insert(Led());
        _store.Insert(Led("kept", "22", release: false));
        Assert.NotNull(_store.Delete(ResourceKind.GpioPin, "led"));
        Assert.NotNull(_store.Delete(ResourceKind.GpioPin, "kept"));
        var owed = Assert.Single(_store.Releases("node-1"));
        Assert.Equal(("gpio17", "led", ResourceKind.GpioPin), (owed.Claim, owed.Name, owed.Kind));
        Assert.Equal(["node-1"], _store.NodesWithWork());
    }

    [Fact]
    public void Moving_a_resource_to_another_pin_owes_the_old_pin_a_release()
    {
        var led = Led();
        _store.Insert(led);
        var moved = Led(pin: "22") with { Generation = 2 };
        Assert.True(_store.Replace(moved, led).Done);
        Assert.Equal("gpio17", Assert.Single(_store.Releases("node-1")).Claim);
        Assert.Equal("gpio22", _store.Get(ResourceKind.GpioPin, "led")!.Claim);
    }

    [Fact]
    public void A_change_onto_a_held_pin_is_refused_and_changes_nothing()
    {
        var led = Led();
        _store.Insert(led);
        _store.Insert(Led("other", "22"));
        var result = _store.Replace(Led(pin: "22") with { Generation = 2 }, led);
        Assert.Equal("GPIOPin/other", result.Other!.Reference);
        Assert.Equal(("gpio17", 1L), (_store.Get(ResourceKind.GpioPin, "led")!.Claim, _store.Get(ResourceKind.GpioPin, "led")!.Generation));
        Assert.Empty(_store.Releases("node-1"));
    }

    [Fact]
    public void A_new_resource_of_the_same_kind_takes_over_an_owed_release_and_one_of_another_kind_does_not()
    {
        _store.Insert(Led());
        _store.Delete(ResourceKind.GpioPin, "led");
        _store.Insert(Led("new-led"));
        Assert.Empty(_store.Releases("node-1"));

        _store.Insert(Led("relay", "18"));
        _store.Delete(ResourceKind.GpioPin, "relay");
        _store.Insert(Record(ResourceKind.PwmController, "fan", """{"pin":"18","frequencyHz":25000,"dutyPercent":40}"""));
        Assert.Equal(("gpio18", ResourceKind.GpioPin), (Assert.Single(_store.Releases("node-1")).Claim, _store.Releases("node-1")[0].Kind));
    }

    [Fact]
    public void Statuses_are_saved_for_existing_resources_only()
    {
        _store.Insert(Led());
        var status = new ResourceStatus("node-1", new ObservedState { Bcm = 17, Mode = "output", Value = "high" },
            [new ResourceCondition(ResourceCondition.Applied, ResourceCondition.True, "Applied", "done", DateTimeOffset.FromUnixTimeMilliseconds(5))], DateTimeOffset.FromUnixTimeMilliseconds(5), 1);
        _store.SaveStatuses([(ResourceKind.GpioPin, "led", status), (ResourceKind.GpioPin, "gone", status)]);
        var read = _store.Get(ResourceKind.GpioPin, "led")!.Status;
        Assert.True(read.Is(ResourceCondition.Applied));
        Assert.Equal(status.Observed, read.Observed);
        Assert.Equal(1, _database.Long("SELECT COUNT(*) FROM resources"));
    }
}
