using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Agents;
using PiController.Hub.Events;
using PiController.Hub.Resources;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Resources;

/// <summary>The reconciler against a real store (SQLite file) and a scripted agent on the registry's session.</summary>
public sealed class ReconcilerTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private HubDatabase _database = null!;
    private ResourceStore _store = null!;
    private AgentRegistry _registry = null!;
    private EventBus _bus = null!;
    private Reconciler _reconciler = null!;

    public async Task InitializeAsync()
    {
        _database = _directory.MigratedDatabase();
        _store = new ResourceStore(_database, TimeProvider.System);
        _registry = new AgentRegistry(TimeProvider.System);
        _bus = new EventBus(new EventStore(_database), TimeProvider.System, NullLogger<EventBus>.Instance);
        await _bus.StartAsync(CancellationToken.None);
        _reconciler = new Reconciler(_store, _registry, new ReconcileQueue(TimeProvider.System), new ReconcileEffects(_store, new PiController.Hub.Hardware.HardwareEventPublisher(_bus)), TimeProvider.System, NullLogger<Reconciler>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        _directory.Dispose();
    }

    private void Create(string name, string pin, string value)
    {
        var spec = $$"""{"pin":"{{pin}}","mode":"output","value":"{{value}}"}""";
        var valid = ResourceTypes.Desired(ResourceKind.GpioPin, spec)!;
        var now = DateTimeOffset.UtcNow;
        Assert.True(_store.Insert(new ResourceRecord(ResourceKind.GpioPin, name, new Dictionary<string, string>(), "node-1", null, spec, valid.Claim, true, 1,
            ResourceStatus.Pending("node-1"), now, now)).Done);
    }

    private ResourceStatus Status(string name) => _store.Get(ResourceKind.GpioPin, name)!.Status;

    /// <summary>Events stored; call after stopping the bus, which stores everything published before it returns.</summary>
    private long Events(string type) => _database.Long($"SELECT COUNT(*) FROM events WHERE type = '{type}'");

    [Fact]
    public async Task A_node_without_its_agent_has_its_resources_marked_offline()
    {
        Create("led", "17", "high");
        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));
        var status = Status("led");
        Assert.True(status.Is(ResourceCondition.NodeOffline));
        Assert.Equal(0, status.ObservedGeneration);
    }

    [Fact]
    public async Task Only_the_differences_are_sent_and_every_resource_ends_applied_with_what_the_agent_holds()
    {
        Create("led", "17", "high");
        Create("relay", "22", "low");
        await using var agent = new ScriptedAgent(_registry, "node-1");
        agent.Pins[17] = new GpioPinState { Bcm = 17, Mode = GpioMode.Output, High = false };
        agent.Pins[27] = new GpioPinState { Bcm = 27, Mode = GpioMode.Input, Pull = GpioPull.Up, High = true };

        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));

        // The lists first, then the changes (sent together, so in any order).
        Assert.Equal([Command.OpOneofCase.GpioList, Command.OpOneofCase.PwmList, Command.OpOneofCase.I2CWatchList], agent.Received.Take(3).Select(c => c.OpCase));
        Assert.Equal([Command.OpOneofCase.GpioConfigure, Command.OpOneofCase.GpioWrite], agent.Received.Skip(3).Select(c => c.OpCase).Order());
        Assert.Equal(new GpioWrite { Pin = "17", High = true }, agent.Received.Single(c => c.OpCase == Command.OpOneofCase.GpioWrite).GpioWrite);
        Assert.Equal(("high", "low"), (Status("led").Observed!.Value, Status("relay").Observed!.Value));
        Assert.True(Status("led").Is(ResourceCondition.Applied) && Status("relay").Is(ResourceCondition.Applied));
        Assert.Equal(GpioPull.Up, agent.Pins[27].Pull);

        // A second pass finds everything in place and sends only the three lists.
        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));
        Assert.Equal(8, agent.Received.Count);
        Assert.Equal("InSync", Status("led").Condition(ResourceCondition.Applied)!.Reason);
    }

    [Fact]
    public async Task A_pin_the_agent_says_is_in_use_is_a_conflict_with_its_message_published_once()
    {
        Create("sda", "2", "high");
        await using var agent = new ScriptedAgent(_registry, "node-1");
        agent.Refuse("2", CommandError.Types.Code.FailedPrecondition, "GPIO2 is in use by I2C1 SDA (/dev/i2c-1); use another pin", CommandError.Types.Reason.Conflict);

        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));
        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));

        var conflict = Status("sda").Condition(ResourceCondition.Conflict)!;
        Assert.Equal((ResourceCondition.True, "PinInUse"), (conflict.Status, conflict.Reason));
        Assert.StartsWith("GPIO2 is in use by I2C1 SDA", conflict.Message, StringComparison.Ordinal);
        await _bus.StopAsync(CancellationToken.None);
        Assert.Equal(1, Events(EventTypes.ResourceConflict));
    }

    [Fact]
    public async Task A_conflict_is_known_by_the_agents_reason_not_by_its_words()
    {
        Create("sda", "2", "high");
        Create("led", "17", "high");
        await using var agent = new ScriptedAgent(_registry, "node-1");
        agent.Refuse("2", CommandError.Types.Code.FailedPrecondition, "GPIO2 belongs to the I2C bus now", CommandError.Types.Reason.Conflict);
        agent.Refuse("17", CommandError.Types.Code.FailedPrecondition, "GPIO17 is in use by nothing, but a reworded refusal says so", CommandError.Types.Reason.Refused);

        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));

        Assert.Equal("PinInUse", Status("sda").Condition(ResourceCondition.Conflict)!.Reason);
        Assert.Equal("Refused", Status("led").Condition(ResourceCondition.Invalid)!.Reason);
    }

    [Fact]
    public async Task A_pin_busy_with_a_pulse_is_tried_again_later()
    {
        Create("led", "17", "high");
        await using var agent = new ScriptedAgent(_registry, "node-1");
        agent.Refuse("17", CommandError.Types.Code.FailedPrecondition, "cannot configure GPIO17: it is pulsing high for another 200 ms", CommandError.Types.Reason.Busy);

        Assert.False(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));
    }

    [Fact]
    public async Task An_invalid_argument_from_the_agent_makes_the_resource_invalid()
    {
        Create("led", "17", "high");
        await using var agent = new ScriptedAgent(_registry, "node-1");
        agent.Refuse("17", CommandError.Types.Code.InvalidArgument, "GPIO17: mode must be input or output");
        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));
        var invalid = Status("led").Condition(ResourceCondition.Invalid)!;
        Assert.Equal((ResourceCondition.True, "InvalidArgument", "GPIO17: mode must be input or output"), (invalid.Status, invalid.Reason, invalid.Message));
    }

    [Fact]
    public async Task A_release_owed_is_sent_while_the_agent_holds_the_pin_then_forgotten()
    {
        Create("led", "17", "high");
        Create("relay", "22", "high");
        _store.Delete(ResourceKind.GpioPin, "led");
        await using var agent = new ScriptedAgent(_registry, "node-1");
        agent.Pins[17] = new GpioPinState { Bcm = 17, Mode = GpioMode.Output, High = true };

        Assert.True(await _reconciler.ReconcileAsync("node-1", CancellationToken.None));

        Assert.Equal(new GpioRelease { Pin = "17" }, agent.Received.Single(c => c.OpCase == Command.OpOneofCase.GpioRelease).GpioRelease);
        Assert.False(agent.Pins.ContainsKey(17));
        Assert.Empty(_store.Releases("node-1"));
        await _bus.StopAsync(CancellationToken.None);
        // One for the release of GPIO17, one for configuring GPIO22.
        Assert.Equal(2, Events(EventTypes.GpioStateChanged));
    }
}
