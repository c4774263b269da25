using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Nodes;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Nodes;

public sealed class NodeStoreTests : IDisposable
{
    private const string NodeId = "10000000abcdef01";
    private const string FirstInstance = "3f2a9c1e-first-instance";
    private const string SecondInstance = "b7d40e55-second-instance";
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly HubDatabase _database;
    private readonly NodeStore _store;

    public NodeStoreTests()
    {
        _database = _directory.MigratedDatabase();
        _store = new NodeStore(_database, _time);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_first_Hello_binds_the_node_to_its_agent_instance()
    {
        _store.RecordHello(Hello(NodeId, FirstInstance, "pi-kitchen"), "10.77.0.5");

        var node = Get(NodeId);
        Assert.Equal("pi-kitchen", node.Hostname);
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.5", node.Model);
        Assert.Equal("10.77.0.5", node.RemoteAddress);
        Assert.Equal("0.1.0", node.AgentVersion);
        Assert.Equal(Start, node.FirstSeen);
        Assert.Equal(Start, node.ConnectedSince);
        Assert.Null(node.DisconnectedAt);
        Assert.Equal(FirstInstance, _database.Scalar($"SELECT instance_id FROM nodes WHERE node_id = '{NodeId}'"));
    }

    [Fact]
    public void A_reconnect_of_the_same_instance_updates_the_node()
    {
        _store.RecordHello(Hello(NodeId, FirstInstance, "pi-kitchen"), "10.77.0.5");
        _time.Advance(TimeSpan.FromMinutes(1));
        _store.RecordDisconnect(NodeId);
        _time.Advance(TimeSpan.FromMinutes(1));

        _store.RecordHello(Hello(NodeId, FirstInstance, "pi-garage"), "10.77.0.6");

        var node = Get(NodeId);
        Assert.Equal("pi-garage", node.Hostname);
        Assert.Equal("10.77.0.6", node.RemoteAddress);
        Assert.Equal(Start, node.FirstSeen);
        Assert.Equal(Start.AddMinutes(2), node.LastSeen);
        Assert.Equal(Start.AddMinutes(2), node.ConnectedSince);
        Assert.Null(node.DisconnectedAt);
        Assert.Equal(1, _database.Long("SELECT COUNT(*) FROM nodes"));
    }

    [Fact]
    public void A_Hello_from_another_instance_is_refused_with_a_way_out()
    {
        _store.RecordHello(Hello(NodeId, FirstInstance, "pi-kitchen"), "10.77.0.5");

        var refused = Assert.Throws<NodeClaimException>(() => _store.RecordHello(Hello(NodeId, SecondInstance, "pi-clone"), "10.77.0.7"));

        Assert.Contains($"node {NodeId} is already registered to another agent", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"pi-controller nodes rm {NodeId}", refused.Message, StringComparison.Ordinal);
        var node = Get(NodeId);
        Assert.Equal("pi-kitchen", node.Hostname);
        Assert.Equal("10.77.0.5", node.RemoteAddress);
        Assert.Equal(FirstInstance, _database.Scalar($"SELECT instance_id FROM nodes WHERE node_id = '{NodeId}'"));
    }

    [Fact]
    public void A_heartbeat_records_its_time_and_metrics()
    {
        _store.RecordHello(Hello(NodeId, FirstInstance, "pi-kitchen"), "10.77.0.5");
        _time.Advance(TimeSpan.FromSeconds(15));

        _store.RecordHeartbeat(NodeId, new Metrics { CpuPercent = 12.5, MemoryTotalBytes = 4UL << 30, TemperatureCelsius = 51.2 });

        var node = Get(NodeId);
        Assert.Equal(Start.AddSeconds(15), node.LastHeartbeat);
        Assert.Equal(Start.AddSeconds(15), node.LastSeen);
        Assert.NotNull(node.Metrics);
        Assert.Equal(12.5, node.Metrics.CpuPercent);
        Assert.Equal(4UL << 30, node.Metrics.MemoryTotalBytes);
        Assert.Equal(51.2, node.Metrics.TemperatureCelsius);
        Assert.Null(node.Metrics.MemoryAvailableBytes);
        Assert.Null(node.Metrics.UptimeSeconds);
    }

    [Fact]
    public void MarkAllDisconnected_ends_every_open_connection_and_keeps_earlier_disconnects()
    {
        _store.RecordHello(Hello("node-a", "instance-a", "a"), "10.77.0.1");
        _store.RecordHello(Hello("node-b", "instance-b", "b"), "10.77.0.2");
        _time.Advance(TimeSpan.FromMinutes(1));
        _store.RecordDisconnect("node-b");
        _time.Advance(TimeSpan.FromMinutes(1));
        _store.RecordHeartbeat("node-a", new Metrics());
        _time.Advance(TimeSpan.FromMinutes(1));

        _store.MarkAllDisconnected();

        var a = Get("node-a");
        var b = Get("node-b");
        Assert.Null(a.ConnectedSince);
        Assert.Equal(Start.AddMinutes(2), a.DisconnectedAt);
        Assert.Null(b.ConnectedSince);
        Assert.Equal(Start.AddMinutes(1), b.DisconnectedAt);
    }

    [Fact]
    public void After_a_delete_another_instance_can_claim_the_node()
    {
        _store.RecordHello(Hello(NodeId, FirstInstance, "pi-kitchen"), "10.77.0.5");

        Assert.Equal(1, _store.Delete(NodeId));
        Assert.Equal(0, _store.Delete(NodeId));
        Assert.Null(_store.Get(NodeId));
        _store.RecordHello(Hello(NodeId, SecondInstance, "pi-replacement"), "10.77.0.8");

        Assert.Equal("pi-replacement", Get(NodeId).Hostname);
        Assert.Equal(SecondInstance, _database.Scalar($"SELECT instance_id FROM nodes WHERE node_id = '{NodeId}'"));
    }

    [Fact]
    public void List_reports_connection_state_from_the_caller()
    {
        _store.RecordHello(Hello("node-b", "instance-b", "b"), "10.77.0.2");
        _store.RecordHello(Hello("node-a", "instance-a", "a"), "10.77.0.1");

        var nodes = _store.List().Select(n => NodeView.From(n, n.NodeId == "node-a")).ToList();

        Assert.Equal(["node-a", "node-b"], nodes.Select(n => n.NodeId));
        Assert.Equal([true, false], nodes.Select(n => n.Connected));
    }

    private NodeView Get(string nodeId) => NodeView.From(_store.Get(nodeId) ?? throw new InvalidOperationException($"{nodeId} is not stored"), connected: true);

    private static Hello Hello(string nodeId, string instanceId, string hostname) => new()
    {
        NodeId = nodeId,
        InstanceId = instanceId,
        AgentVersion = "0.1.0",
        System = new SystemInfo
        {
            Hostname = hostname,
            Model = "Raspberry Pi 4 Model B Rev 1.5",
            Architecture = "linux-arm64",
            Os = "Debian GNU/Linux 12 (bookworm)",
            Kernel = "6.6.31+rpt-rpi-v8",
            Board = "native",
        },
    };
}
