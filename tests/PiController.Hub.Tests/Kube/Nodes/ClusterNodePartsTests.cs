using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Events;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Nodes;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Kube.Quotas;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using ResourceStore = PiController.Hub.Resources.ResourceStore;
using PiController.Hub.State;
using PiController.KubeApiDouble;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Kube.Nodes;

/// <summary>
/// The node parts (node-labels, membership, quotas) run by the real cluster controller against the Kubernetes API
/// double, with the hub's stores on a real SQLite file; only the node transport is recorded (<see cref="RecordingTransports"/>).
/// </summary>
public sealed class ClusterNodePartsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _directory = new();
    private readonly KubeTestMetrics _metrics = new();
    private readonly RecordingTransports _transports = new();
    private KubeApiDoubleHost _double = null!;
    private KubeApi _api = null!;
    private HubDatabase _database = null!;
    private NodeStore _nodes = null!;
    private ClusterStore _clusters = null!;
    private ClusterPolicyStore _policies = null!;
    private EventBus _bus = null!;
    private ClusterController? _controller;

    public async Task InitializeAsync()
    {
        _double = await KubeApiDoubleHost.StartAsync();
        _api = KubeApi.FromKubeconfig("lab", _double.Kubeconfig);
        _database = _directory.MigratedDatabase();
        _nodes = new NodeStore(_database, TimeProvider.System);
        _clusters = new ClusterStore(_database, TimeProvider.System);
        _policies = new ClusterPolicyStore(_database, TimeProvider.System);
        _bus = new EventBus(new EventStore(_database), TimeProvider.System, NullLogger<EventBus>.Instance);
        await _bus.StartAsync(CancellationToken.None);
        _clusters.Insert("lab", "v1.31.4+k3s1", new ClusterConfig([]), false, "sealed");
        foreach (var (id, host) in new[] { ("node-a", "pi-a"), ("node-b", "pi-b"), ("node-c", "pi-c") })
        {
            _nodes.RecordEnrolled(id, host);
        }
        _nodes.RecordHardware("node-a", Pi4(underVoltage: true, pwm: true));
        AddMember("node-a", K3sRole.Server);
        AddMember("node-b", K3sRole.Agent);
    }

    public async Task DisposeAsync()
    {
        if (_controller is not null)
        {
            await _controller.DisposeAsync();
        }
        _api.Dispose();
        await _double.DisposeAsync();
        await _bus.DisposeAsync();
        _metrics.Dispose();
        _directory.Dispose();
    }

    private void AddMember(string id, K3sRole role)
    {
        var target = new NodeTarget(NodeTransportKind.Agent, id);
        _clusters.AddNode("lab", target, role, role == K3sRole.Server ? 0 : 1);
        _clusters.SetNodeState("lab", target, ClusterStates.NodeReady);
    }

    private static HardwareReport Pi4(bool underVoltage, bool pwm)
    {
        var report = new HardwareReport
        {
            Board = new BoardIdentity { RaspberryPi = true, BoardType = "4B", MemoryMegabytes = 4096, Model = "Raspberry Pi 4 Model B Rev 1.4" },
            Throttling = new ThrottleState { UnderVoltageNow = underVoltage },
        };
        report.GpioChips.Add(new GpioChip { Name = "gpiochip0", LineCount = 58 });
        if (pwm)
        {
            report.PwmChips.Add(new PwmChip { Chip = 0, ChannelCount = 2 });
        }
        return report;
    }

    private static JsonObject Node(string name, string nodeId, string memory)
    {
        var node = KubeDoubleObjects.Node(name, nodeId);
        node["metadata"]!["labels"]!["team"] = "blue";
        node["spec"] = new JsonObject { ["taints"] = new JsonArray(new JsonObject { ["key"] = "gpu", ["value"] = "none", ["effect"] = "PreferNoSchedule" }) };
        node["status"]!["allocatable"] = new JsonObject { ["memory"] = memory };
        return node;
    }

    private void Start()
    {
        var parts = new IClusterPart[]
        {
            new NodeLabelsPart(_nodes, new ResourceStore(_database, TimeProvider.System), _policies, NullLogger<NodeLabelsPart>.Instance),
            new MembershipPart(_clusters, _policies, new NodeTransports([_transports]), new MembershipEvents(_bus), TimeProvider.System, NullLogger<MembershipPart>.Instance),
            new QuotaPart(_policies, NullLogger<QuotaPart>.Instance),
        };
        var options = new ClusterManagerOptions(2, TimeSpan.FromMinutes(10), 1000, 1000, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        _controller = new ClusterController(_api, "test", parts, options, _metrics.Metrics, _nodes, TimeProvider.System, NullLogger.Instance);
        _controller.Start();
    }

    private JsonObject? KubeNode(string name) => _double.Store.Get("v1", "Node", null, name);

    private static string? Label(JsonObject? node, string key) => node?["metadata"]?["labels"]?[key]?.GetValue<string>();

    private static string[] TaintKeys(JsonObject? node) => node?["spec"]?["taints"] is JsonArray taints ? [.. taints.Select(t => t!["key"]!.GetValue<string>())] : [];

    [Fact]
    public async Task A_node_gets_its_hardware_labels_and_throttle_taint_beside_its_own_and_loses_them_when_the_report_does()
    {
        _policies.Set("lab", ClusterPolicy.Default with { ThrottleTaints = true });
        _double.Store.Create(Node("pi-a", "node-a", "3800Mi"));
        Start();

        await Eventually.TrueAsync(() => Task.FromResult(Label(KubeNode("pi-a"), "hardware.pi-controller.io/board") == "4B"
            && TaintKeys(KubeNode("pi-a")).Contains("hardware.pi-controller.io/under-voltage")), Patience, "labels and the under-voltage taint on pi-a");
        var labelled = KubeNode("pi-a");
        Assert.Equal(("true", "2", "blue"), (Label(labelled, "hardware.pi-controller.io/pwm"), Label(labelled, "hardware.pi-controller.io/pwm-channels"), Label(labelled, "team")));
        Assert.Equal(["gpu", "hardware.pi-controller.io/under-voltage"], TaintKeys(labelled));

        _nodes.RecordHardware("node-a", Pi4(underVoltage: false, pwm: false));
        _controller!.Enqueue(NodeLabelsPart.PartName, "pi-a");

        await Eventually.TrueAsync(() => Task.FromResult(Label(KubeNode("pi-a"), "hardware.pi-controller.io/pwm") is null
            && !TaintKeys(KubeNode("pi-a")).Contains("hardware.pi-controller.io/under-voltage")), Patience, "the pwm labels and the taint gone from pi-a");
        Assert.Equal(("blue", "true"), (Label(KubeNode("pi-a"), "team"), Label(KubeNode("pi-a"), "hardware.pi-controller.io/gpio")));
        Assert.Equal(["gpu"], TaintKeys(KubeNode("pi-a")));
    }

    [Fact]
    public async Task A_label_removed_by_hand_is_put_back()
    {
        _double.Store.Create(Node("pi-a", "node-a", "3800Mi"));
        Start();
        await Eventually.TrueAsync(() => Task.FromResult(Label(KubeNode("pi-a"), "hardware.pi-controller.io/gpio") == "true"), Patience, "the gpio label");

        var node = KubeNode("pi-a")!;
        ((JsonObject)node["metadata"]!["labels"]!).Remove("hardware.pi-controller.io/gpio");
        _double.Store.Update(node);

        await Eventually.TrueAsync(() => Task.FromResult(Label(KubeNode("pi-a"), "hardware.pi-controller.io/gpio") == "true"), Patience, "the gpio label back");
    }

    [Fact]
    public async Task Membership_is_reported_and_repaired_restarting_a_missing_nodes_unit_and_deleting_a_node_that_left()
    {
        _policies.Set("lab", ClusterPolicy.Default with { Membership = MembershipPolicy.Repair });
        using var events = _bus.Subscribe(null, new EventFilter(new HashSet<string>([EventTypes.ClusterMembership]), new HashSet<string>()));
        _double.Store.Create(Node("pi-a", "node-a", "3800Mi"));
        _double.Store.Create(Node("pi-c", "node-c", "3800Mi"));
        _double.Store.Create(Node("stranger", "not-a-hub-node", "3800Mi"));
        Start();

        await Eventually.TrueAsync(() => Task.FromResult(KubeNode("pi-c") is null && _transports.Steps.Count > 0), Patience, "pi-c deleted and node-b restarted");
        var restart = Assert.Single(_transports.Steps);
        Assert.Equal(("node-b", "k3s-agent", true), (restart.Target, ((RestartIfChanged)restart.Step).Unit, restart.Due));
        Assert.NotNull(KubeNode("stranger"));
        Assert.NotNull(KubeNode("pi-a"));

        var seen = new List<ClusterMembershipPayload>();
        using var read = new CancellationTokenSource(Patience);
        await foreach (var e in events.ReadAllAsync(read.Token))
        {
            seen.Add(System.Text.Json.JsonSerializer.Deserialize(e.Payload, MembershipJsonContext.Default.ClusterMembershipPayload)!);
            if (seen.Count == 3)
            {
                break;
            }
        }
        Assert.Equal([MembershipFinding.Missing, MembershipFinding.Left, MembershipFinding.Unmatched], seen[0].Findings.Select(f => f.Kind));
        Assert.Contains(seen.Skip(1), p => p.Detail.StartsWith("restarted the k3s-agent unit of node-b", StringComparison.Ordinal));
        Assert.Contains(seen.Skip(1), p => p.Detail.StartsWith("deleted Kubernetes node pi-c", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Membership_under_the_default_policy_changes_nothing()
    {
        _double.Store.Create(Node("pi-a", "node-a", "3800Mi"));
        _double.Store.Create(Node("pi-c", "node-c", "3800Mi"));
        Start();
        await Eventually.TrueAsync(() => Task.FromResult(_controller!.Synced), Patience, "the controller synced");

        var view = new MembershipService(_clusters, _policies, new SingleClusterManager(_controller!)).Get("lab");

        Assert.Equal([(MembershipFinding.Missing, "node-b"), (MembershipFinding.Left, "node-c")], view.Findings.Select(f => (f.Kind, f.Node)));
        Assert.Equal(2, view.KubernetesNodes);
        Assert.NotNull(KubeNode("pi-c"));
        Assert.Empty(_transports.Steps);
    }

    [Fact]
    public async Task An_imported_cluster_has_only_unmatched_nodes_as_findings_and_nothing_repaired()
    {
        _clusters.Delete("lab");
        _clusters.InsertImported("lab", "v1.31.4+k3s1", "sealed");
        _policies.Set("lab", ClusterPolicy.Default with { Membership = MembershipPolicy.Repair });
        _double.Store.Create(Node("pi-a", "node-a", "3800Mi"));
        _double.Store.Create(Node("pi-c", "node-c", "3800Mi"));
        _double.Store.Create(Node("stranger", "not-a-hub-node", "3800Mi"));
        Start();
        await Eventually.TrueAsync(() => Task.FromResult(_controller!.Synced), Patience, "the controller synced");

        var view = new MembershipService(_clusters, _policies, new SingleClusterManager(_controller!)).Get("lab");

        Assert.Equal([(MembershipFinding.Unmatched, "stranger")], view.Findings.Select(f => (f.Kind, f.KubernetesNode)));
        _controller!.Enqueue(MembershipPart.PartName, MembershipPart.ClusterKey);
        await Eventually.TrueAsync(() => Task.FromResult(_bus.Store.Read(0, long.MaxValue, EventFilter.All, 100).Events.Any(e => e.Type == EventTypes.ClusterMembership)), Patience, "the membership event");
        Assert.NotNull(KubeNode("pi-c"));
        Assert.Empty(_transports.Steps);
    }

    [Fact]
    public async Task A_namespace_quota_is_sized_to_the_nodes_applied_once_the_namespace_exists_kept_against_drift_and_removed_with_the_policy()
    {
        _policies.Set("lab", ClusterPolicy.Default with { Quotas = [new NamespaceQuota("apps", 25), new NamespaceQuota("ci", 10)] });
        _double.Store.Create(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "apps" } });
        _double.Store.Create(Node("pi-a", "node-a", "3800Mi"));
        _double.Store.Create(Node("pi-b", "node-b", "400Mi"));
        Start();

        await Eventually.TrueAsync(() => Task.FromResult(Quota() is not null && Limits() is not null), Patience, "the quota and limit range in apps");
        Assert.Equal("1050Mi", Quota()!["spec"]!["hard"]!["requests.memory"]!.GetValue<string>());
        Assert.Equal("50Mi", Limits()!["spec"]!["limits"]![0]!["default"]!["memory"]!.GetValue<string>());
        Assert.Null(_double.Store.Get("v1", "ResourceQuota", "ci", "pi-controller"));

        _double.Store.Create(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "ci" } });
        _controller!.Enqueue(QuotaPart.PartName, QuotaPart.ClusterKey);
        await Eventually.TrueAsync(() => Task.FromResult(_double.Store.Get("v1", "ResourceQuota", "ci", "pi-controller") is not null), Patience, "the quota in ci once it exists");

        var drifted = Quota()!;
        drifted["spec"]!["hard"]!["requests.memory"] = "64Gi";
        _double.Store.Update(drifted);
        await Eventually.TrueAsync(() => Task.FromResult(Quota()?["spec"]?["hard"]?["requests.memory"]?.GetValue<string>() == "1050Mi"), Patience, "the drift overwritten");

        _policies.Set("lab", ClusterPolicy.Default);
        _controller.Enqueue(QuotaPart.PartName, QuotaPart.ClusterKey);
        await Eventually.TrueAsync(() => Task.FromResult(Quota() is null && Limits() is null), Patience, "the quota and limit range deleted");

        JsonObject? Quota() => _double.Store.Get("v1", "ResourceQuota", "apps", "pi-controller");
        JsonObject? Limits() => _double.Store.Get("v1", "LimitRange", "apps", "pi-controller");
    }

    /// <summary>The manager as the services see it, over one controller.</summary>
    private sealed class SingleClusterManager(ClusterController controller) : IClusterManager
    {
        public IReadOnlyList<ClusterContext> Running => [controller];

        public ClusterContext? Find(string cluster) => cluster == controller.Name ? controller : null;

        public string? ClusterOf(string nodeId) => controller.KubernetesNodeOf(nodeId) is null ? null : controller.Name;

        public void Enqueue(string cluster, string part, string key) => controller.Enqueue(part, key);

        public void Refresh(string cluster)
        {
        }
    }
}
