using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Discovery;
using PiController.Hub.Events;
using PiController.Hub.Nodes;
using PiController.Hub.Security;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Events;

/// <summary>node.* events from the hub's own operations, as composed by <c>pi-controller serve</c>.</summary>
public sealed class NodeStatusEventsTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private EventSubscription Subscribe(params string[] types) =>
        _hub.App.Services.GetRequiredService<EventBus>().Subscribe(0, new EventFilter(new HashSet<string>(types), new HashSet<string>()));

    [Fact]
    public async Task Revoking_and_deleting_a_node_through_the_API_publish_its_status_changes()
    {
        _hub.App.Services.GetRequiredService<NodeStore>().RecordHello(
            new Hello { NodeId = "node-s", InstanceId = Guid.NewGuid().ToString("N"), AgentVersion = "1", System = new SystemInfo { Hostname = "s" } }, "127.0.0.1");
        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));
        using var subscription = Subscribe(EventTypes.NodeStatusChanged);

        (await admin.PostAsync("/api/v1/nodes/node-s/revoke", null)).EnsureSuccessStatusCode();
        (await admin.DeleteAsync("/api/v1/nodes/node-s")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/nodes/node-s")).StatusCode);
        var events = await EventBusFixture.TakeAsync(subscription, 2);

        Assert.All(events, e => Assert.Equal("node-s", e.NodeId));
        Assert.Equal(["revoked", "deleted"], events.Select(e => e.Payload.GetProperty("change").GetString()));
        Assert.Equal("revoked", events[0].Payload.GetProperty("to").GetString());
    }

    [Fact]
    public async Task A_machine_seen_for_the_first_time_is_published_once_as_node_discovered()
    {
        var discovery = _hub.App.Services.GetRequiredService<DiscoveryService>();
        using var subscription = Subscribe(EventTypes.NodeDiscovered, EventTypes.NodeStatusChanged);
        var sighting = new Observation(DiscoverySources.Mdns, IPAddress.Parse("192.0.2.7"), Mac: "dc:a6:32:00:00:07", NodeId: "node-d", Model: "Raspberry Pi 5");

        var machine = discovery.Observe(sighting);
        discovery.Observe(sighting with { Address = IPAddress.Parse("192.0.2.8") });
        // A later event proves the second sighting published nothing before it.
        _hub.App.Services.GetRequiredService<NodeEvents>().StatusChanged("node-d", "hardware", null, null, "marker");
        var events = await EventBusFixture.TakeAsync(subscription, 2);

        Assert.Equal([EventTypes.NodeDiscovered, EventTypes.NodeStatusChanged], events.Select(e => e.Type));
        var payload = events[0].Payload;
        Assert.Equal("node-d", events[0].NodeId);
        Assert.Equal(machine.Id, payload.GetProperty("machineId").GetInt64());
        Assert.Equal("192.0.2.7", payload.GetProperty("address").GetString());
        Assert.Equal("dc:a6:32:00:00:07", payload.GetProperty("mac").GetString());
        Assert.Equal("mdns", payload.GetProperty("source").GetString());
        Assert.Equal("Raspberry Pi 5", payload.GetProperty("model").GetString());
    }
}
