using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Events;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Nodes;
using PiController.Hub.Resources;

namespace PiController.Hub.Tests.Kube.Nodes;

public sealed class ClusterNodeFeedTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly RecordingManager _manager = new();
    private readonly ClusterNodeFeed _feed;
    private readonly ResourceStore _resources;

    public ClusterNodeFeedTests()
    {
        var database = _directory.MigratedDatabase();
        var bus = new EventBus(new EventStore(database), TimeProvider.System, NullLogger<EventBus>.Instance);
        _resources = new ResourceStore(database, TimeProvider.System);
        _feed = new ClusterNodeFeed(bus, _resources, _manager, NullLogger<ClusterNodeFeed>.Instance);
    }

    public void Dispose()
    {
        _feed.Dispose();
        _directory.Dispose();
    }

    private static HubEvent Event(string type, string? node, string payload) => new(1, type, node, DateTimeOffset.UnixEpoch, JsonDocument.Parse(payload).RootElement);

    [Fact]
    public void A_new_hardware_report_queues_the_nodes_labels_in_its_cluster()
    {
        _feed.Handle(Event(EventTypes.NodeStatusChanged, "node-a", """{"change":"hardware","from":null,"to":null,"detail":""}"""));
        _feed.Handle(Event(EventTypes.NodeStatusChanged, "node-a", """{"change":"throttling","from":"none","to":"under-voltage-now","detail":""}"""));
        _feed.Handle(Event(EventTypes.NodeStatusChanged, "node-a", """{"change":"lost","from":null,"to":null,"detail":""}"""));
        _feed.Handle(Event(EventTypes.NodeStatusChanged, "standalone", """{"change":"hardware","from":null,"to":null,"detail":""}"""));

        Assert.Equal([("lab", NodeLabelsPart.PartName, "pi-a"), ("lab", NodeLabelsPart.PartName, "pi-a")], _manager.Queued);
    }

    [Fact]
    public void Only_the_first_reading_of_a_sensor_type_on_a_node_queues_it()
    {
        const string Reading = """{"bus":1,"address":"0x76","device":"bme280","at":"2026-12-07T00:00:00Z","values":{},"source":"watch","resource":null}""";
        _feed.Handle(Event(EventTypes.I2cReading, "node-a", Reading));
        _feed.Handle(Event(EventTypes.I2cReading, "node-a", Reading));
        _feed.Handle(Event(EventTypes.ResourceChanged, "node-a", """{"kind":"I2CDevice","name":"air","change":"deleted","generation":2}"""));
        _feed.Handle(Event(EventTypes.ResourceChanged, "node-a", """{"kind":"GPIOPin","name":"led","change":"created","generation":1}"""));

        Assert.Equal([("lab", NodeLabelsPart.PartName, "pi-a"), ("lab", NodeLabelsPart.PartName, "pi-a")], _manager.Queued);
    }

    [Fact]
    public async Task A_new_status_of_an_I2C_device_queues_its_node_and_other_kinds_do_not()
    {
        foreach (var (kind, name, spec) in new[]
        {
            (ResourceKind.I2cDevice, "air", """{"bus":1,"address":"0x76","device":"bme280"}"""),
            (ResourceKind.GpioPin, "led", """{"pin":"17","mode":"output"}"""),
        })
        {
            var now = DateTimeOffset.UnixEpoch;
            Assert.True(_resources.Insert(new ResourceRecord(kind, name, new Dictionary<string, string>(), "node-a", null, spec,
                ResourceTypes.Desired(kind, spec)!.Claim, true, 1, ResourceStatus.Pending("node-a"), now, now)).Done);
        }

        _feed.StatusesSaved([new ResourceRef(ResourceKind.GpioPin, "led")]);
        _feed.StatusesSaved([new ResourceRef(ResourceKind.I2cDevice, "air"), new ResourceRef(ResourceKind.GpioPin, "led")]);

        await Eventually.TrueAsync(() => Task.FromResult(_manager.Queued.Count > 0), TimeSpan.FromSeconds(10), "the I2C device's node is queued");
        await Task.Delay(100);
        Assert.Equal([("lab", NodeLabelsPart.PartName, "pi-a")], _manager.Queued);
    }

    [Fact]
    public void A_change_of_a_clusters_plan_queues_its_membership()
    {
        _feed.Handle(Event(EventTypes.ClusterChanged, null, """{"cluster":"lab","state":"ready","detail":""}"""));

        Assert.Equal([("lab", MembershipPart.PartName, MembershipPart.ClusterKey)], _manager.Queued);
    }

    /// <summary>One managed cluster, lab, whose Kubernetes node pi-a is hub node node-a; records what is queued.</summary>
    private sealed class RecordingManager : IClusterManager
    {
        public List<(string Cluster, string Part, string Key)> Queued { get; } = [];

        public IReadOnlyList<ClusterContext> Running => [];

        public ClusterContext? Find(string cluster) => cluster == "lab" ? new Context() : null;

        public string? ClusterOf(string nodeId) => nodeId == "node-a" ? "lab" : null;

        public void Enqueue(string cluster, string part, string key) => Queued.Add((cluster, part, key));

        public void Refresh(string cluster)
        {
        }

        private sealed class Context : ClusterContext
        {
            public override string Name => "lab";

            public override PiController.Hub.Kube.Client.IKubeApi Api => throw new InvalidOperationException("the feed never calls the API");

            public override bool Synced => true;

            public override PiController.Hub.Kube.Informers.IKubeCache Cache(PiController.Hub.Kube.Informers.KubeKind kind) => throw new InvalidOperationException("the feed reads no cache");

            public override void Enqueue(string part, string key) => throw new InvalidOperationException("the feed queues through the manager");

            public override string? NodeIdOf(string kubernetesNode) => kubernetesNode == "pi-a" ? "node-a" : null;

            public override string? KubernetesNodeOf(string nodeId) => nodeId == "node-a" ? "pi-a" : null;
        }
    }
}
