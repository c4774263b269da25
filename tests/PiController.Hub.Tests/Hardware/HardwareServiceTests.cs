using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Events;
using PiController.Hub.Hardware;
using PiController.Hub.Nodes;
using PiController.Hub.Resources;
using PiController.Hub.State;
using PiController.Hub.Tests.Resources;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Hardware;

/// <summary>The hardware service against a real store (SQLite file), the event bus and a scripted agent on the registry's session.</summary>
public sealed class HardwareServiceTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private HubDatabase _database = null!;
    private AgentRegistry _registry = null!;
    private EventBus _bus = null!;
    private ResourceStore _resources = null!;
    private HardwareService _hardware = null!;

    public async Task InitializeAsync()
    {
        _database = _directory.MigratedDatabase();
        _registry = new AgentRegistry(TimeProvider.System);
        _bus = new EventBus(new EventStore(_database), TimeProvider.System, NullLogger<EventBus>.Instance);
        await _bus.StartAsync(CancellationToken.None);
        _resources = new ResourceStore(_database, TimeProvider.System);
        var publish = new HardwareEventPublisher(_bus);
        var feed = new HardwareEventFeed(_bus, publish, new ResourceClaims(_resources), TimeProvider.System, new HardwareEventLimits(PerWindow: 500, Window: TimeSpan.FromSeconds(10)), NullLogger<HardwareEventFeed>.Instance);
        _hardware = new HardwareService(new NodeStore(_database, TimeProvider.System), _registry, feed, publish, new ManagedPinGuard(new ResourceClaims(_resources)));
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        _directory.Dispose();
    }

    private long Events(string type) => _database.Long($"SELECT COUNT(*) FROM events WHERE type = '{type}'");

    [Fact]
    public async Task A_pulse_is_sent_to_the_agent_with_its_level_and_length_and_published_as_a_change()
    {
        await using var agent = new ScriptedAgent(_registry, "node-1");

        var pins = await _hardware.PulseGpioAsync("node-1", "17", true, 500, CancellationToken.None);

        Assert.True(Assert.Single(pins.Pins).High);
        Assert.Equal(new GpioPulse { Pin = "17", High = true, Ms = 500 }, Assert.Single(agent.Received).GpioPulse);
        await _bus.StopAsync(CancellationToken.None);
        Assert.Equal(1, Events(EventTypes.GpioStateChanged));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(60_001L)]
    public async Task A_pulse_length_outside_1_to_60000_ms_is_invalid_and_never_reaches_the_agent(long ms)
    {
        await using var agent = new ScriptedAgent(_registry, "node-1");

        var e = await Assert.ThrowsAsync<HubException>(() => _hardware.PulseGpioAsync("node-1", "17", true, ms, CancellationToken.None));

        Assert.Equal(HubErrorKind.Invalid, e.Kind);
        Assert.Contains("1-60000", e.Message, StringComparison.Ordinal);
        Assert.Empty(agent.Received);
    }

    [Fact]
    public async Task A_write_refused_because_the_pin_is_pulsing_is_a_conflict_with_the_agents_message()
    {
        await using var agent = new ScriptedAgent(_registry, "node-1");
        agent.Refuse("17", CommandError.Types.Code.FailedPrecondition, "cannot write GPIO17: it is pulsing high for another 300 ms", CommandError.Types.Reason.Busy);

        var e = await Assert.ThrowsAsync<HubException>(() => _hardware.WriteGpioAsync("node-1", "17", false, CancellationToken.None));

        Assert.Equal((HubErrorKind.Conflict, 409, "Refused"), (e.Kind, HubErrorKinds.HttpStatus(e.Kind), e.Title));
        Assert.Contains("pulsing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pulse_on_a_pin_a_resource_manages_is_refused_with_the_resources_name()
    {
        var spec = """{"pin":"17","mode":"output","value":"low"}""";
        var valid = ResourceTypes.Desired(ResourceKind.GpioPin, spec)!;
        var now = DateTimeOffset.UtcNow;
        Assert.True(_resources.Insert(new ResourceRecord(ResourceKind.GpioPin, "door", new Dictionary<string, string>(), "node-1", null, spec, valid.Claim, true, 1,
            ResourceStatus.Pending("node-1"), now, now)).Done);
        await using var agent = new ScriptedAgent(_registry, "node-1");

        var e = await Assert.ThrowsAsync<HubException>(() => _hardware.PulseGpioAsync("node-1", "P11", true, 500, CancellationToken.None));

        Assert.Equal(HubErrorKind.Conflict, e.Kind);
        Assert.Contains("GPIO17 on node node-1 is managed by GPIOPin/door", e.Message, StringComparison.Ordinal);
        Assert.Contains("pi-controller delete gpio door", e.Message, StringComparison.Ordinal);
        Assert.Empty(agent.Received);
    }

    [Fact]
    public async Task Reads_publish_nothing_and_an_unknown_node_is_not_found()
    {
        await using var agent = new ScriptedAgent(_registry, "node-1");
        await _hardware.ConfigureGpioAsync("node-1", new GpioConfigure { Pin = "27", Mode = GpioMode.Input }, CancellationToken.None);

        await _hardware.ReadGpioAsync("node-1", "27", CancellationToken.None);
        await _hardware.ListGpioAsync("node-1", CancellationToken.None);
        var unknown = await Assert.ThrowsAsync<CommandFailedException>(() => _hardware.ReadGpioAsync("nope", "27", CancellationToken.None));

        Assert.Equal((HubErrorKind.NotFound, "Not found"), (unknown.Kind, unknown.Title));
        await _bus.StopAsync(CancellationToken.None);
        Assert.Equal(1, Events(EventTypes.GpioStateChanged));
    }
}
