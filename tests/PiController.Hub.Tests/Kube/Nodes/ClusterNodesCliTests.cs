using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;
using PiController.KubeApiDouble;
using PiController.Protocol.Link;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Kube.Nodes;

/// <summary>
/// cluster place, cluster policy and the membership section of cluster get, run in-process against a hub as serve
/// composes it, whose cluster manager manages the Kubernetes API double.
/// </summary>
public sealed class ClusterNodesCliTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private KubeApiDoubleHost _double = null!;
    private InProcessHub _hub = null!;
    private HubCli _admin = null!;

    public async Task InitializeAsync()
    {
        _double = await KubeApiDoubleHost.StartAsync();
        _hub = await InProcessHub.StartAsync();
        _admin = new HubCli(_hub, _hub.Token(ApiRole.Admin));
        var services = _hub.App.Services;
        var clusters = services.GetRequiredService<ClusterStore>();
        var nodes = services.GetRequiredService<NodeStore>();
        nodes.RecordEnrolled("node-a", "pi-a");
        nodes.RecordEnrolled("node-b", "pi-b");
        var report = new HardwareReport { Board = new BoardIdentity { RaspberryPi = true, BoardType = "4B", MemoryMegabytes = 4096 } };
        report.GpioChips.Add(new GpioChip { Name = "gpiochip0", LineCount = 58 });
        nodes.RecordHardware("node-a", report);
        clusters.Insert("lab", "v1.31.4+k3s1", new ClusterConfig([]), false, "sealed");
        foreach (var (id, role, ordinal) in new[] { ("node-a", K3sRole.Server, 0), ("node-b", K3sRole.Agent, 1) })
        {
            clusters.AddNode("lab", new NodeTarget(NodeTransportKind.Agent, id), role, ordinal);
            clusters.SetNodeState("lab", new NodeTarget(NodeTransportKind.Agent, id), ClusterStates.NodeReady);
        }
        clusters.SetKubeconfig("lab", services.GetRequiredService<ClusterVault>().SealKubeconfig("lab", _double.Kubeconfig));
        clusters.SetState("lab", ClusterStates.Ready);
        _double.Store.Create(Node("pi-a", "node-a"));
        _double.Store.Create(Node("pi-z", null));
        var manager = services.GetRequiredService<IClusterManager>();
        manager.Refresh("lab");
        await Eventually.TrueAsync(() => Task.FromResult(_double.Store.Get("v1", "Node", null, "pi-a")?["metadata"]?["labels"]?["hardware.pi-controller.io/gpio"] is not null),
            Patience, "the hub labelling pi-a");
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _double.DisposeAsync();
    }

    private static JsonObject Node(string name, string? nodeId)
    {
        var node = KubeDoubleObjects.Node(name, nodeId, internalIp: name == "pi-z" ? "10.77.0.99" : null);
        node["status"]!["allocatable"] = new JsonObject { ["memory"] = "3800Mi" };
        return node;
    }

    [Fact]
    public async Task Place_lists_the_nodes_that_fit_says_why_the_others_do_not_and_prints_the_affinity()
    {
        var output = await _admin.OkAsync("cluster", "place", "lab", "--needs", "gpio,memory>=2Gi");

        Assert.Contains("Cluster lab, needs gpio, memory>=2Gi: 1 of 2 node(s) can serve them", output, StringComparison.Ordinal);
        Assert.Matches(@"pi-a +node-a +yes +-", output);
        Assert.Matches(@"pi-z +- +no +no GPIO", output);
        Assert.Contains("""
                    - key: hardware.pi-controller.io/memory-mb
                      operator: Gt
                      values: ["2047"]
            """.ReplaceLineEndings("\n"), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Place_names_a_term_it_does_not_understand()
    {
        var (code, _, error) = await _admin.RunAsync("cluster", "place", "lab", "--needs", "gpio,usb3");

        Assert.Equal(1, code);
        Assert.Contains("need \"usb3\" is not understood: the terms are gpio, i2c, pwm, spi", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ends_with_the_membership_of_the_cluster()
    {
        var output = await _admin.OkAsync("cluster", "get", "lab");

        Assert.Contains("Membership (report): 2 difference(s) with the 2 Kubernetes node(s)", output, StringComparison.Ordinal);
        Assert.Matches(@"missing +node-b +- +reported only; restart it yourself", output);
        Assert.Matches(@"unmatched +- +pi-z +reported only, never deleted", output);
    }

    [Fact]
    public async Task Policy_shows_the_defaults_and_an_admin_changes_them_while_a_viewer_cannot()
    {
        Assert.Contains("Cluster lab: throttle taints off, membership report\nNo namespace quotas", await _admin.OkAsync("cluster", "policy", "lab"), StringComparison.Ordinal);

        var changed = await _admin.OkAsync("cluster", "policy", "lab", "--throttle-taints", "on", "--membership", "repair", "--quota", "apps=25", "--quota", "ci=10%");

        Assert.Contains("Cluster lab: throttle taints on, membership repair", changed, StringComparison.Ordinal);
        Assert.Matches(@"apps +25%", changed);
        Assert.Matches(@"ci +10%", changed);
        var viewer = new HubCli(_hub, _hub.Token(ApiRole.Viewer));
        var (code, _, error) = await viewer.RunAsync("cluster", "policy", "lab", "--quota", "apps=0");
        Assert.NotEqual(0, code);
        Assert.Contains("Forbidden", error, StringComparison.Ordinal);
        Assert.Contains("\"apps\"", await viewer.OkAsync("cluster", "policy", "lab", "-o", "json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_whose_shares_exceed_the_cluster_is_refused_whole()
    {
        var (code, _, error) = await _admin.RunAsync("cluster", "policy", "lab", "--membership", "repair", "--quota", "apps=80", "--quota", "ci=30");

        Assert.Equal(1, code);
        Assert.Contains("the namespaces' shares add up to 110%", error, StringComparison.Ordinal);
        Assert.Contains("membership report", await _admin.OkAsync("cluster", "policy", "lab"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_operations_answer_over_gRPC_with_the_same_errors()
    {
        using var channel = _hub.Grpc(_hub.Token(ApiRole.Admin));
        var client = new ApiV1.ClusterNodes.ClusterNodesClient(channel);

        var placement = await client.GetPlacementAsync(new ApiV1.GetPlacementRequest { Name = "lab", Needs = "gpio" });
        var policy = await client.UpdateClusterPolicyAsync(new ApiV1.UpdateClusterPolicyRequest { Name = "lab", Quotas = { new ApiV1.NamespaceQuota { Namespace = "apps", MemoryPercent = 30 } } });
        var membership = await client.GetClusterMembershipAsync(new ApiV1.GetClusterMembershipRequest { Name = "lab" });
        var bad = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await client.GetPlacementAsync(new ApiV1.GetPlacementRequest { Name = "lab", Needs = "memory>=lots" }));
        var unknown = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await client.GetClusterPolicyAsync(new ApiV1.GetClusterPolicyRequest { Name = "nope" }));

        Assert.Equal(["pi-a"], placement.Nodes.Where(n => n.Fits).Select(n => n.Name));
        Assert.Equal(("apps", 30, "report"), (policy.Quotas.Single().Namespace, policy.Quotas.Single().MemoryPercent, policy.Membership));
        Assert.Equal(["missing", "unmatched"], membership.Findings.Select(f => f.Kind));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("\"lots\" is not a memory size", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Grpc.Core.StatusCode.NotFound, unknown.StatusCode);
    }
}
