using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PiController.EndToEnd.Tests.Provisioning;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Clusters;

/// <summary>
/// Issue #15's rolling upgrades end to end on whole hosts, the stand-in k3s copied as several releases (each claims
/// its version as k3s --version, in /version and as its Node's kubelet version): a PodDisruptionBudget holds the
/// agent's drain for a while and the upgrade completes in order once it allows; a release that cannot run stops the
/// upgrade at the server (its unit does not start), which is put back on its binary while the agent is never touched; a good release then goes
/// through, and one node's rollback returns it to the binary it had.
/// </summary>
[Collection(ClusterHostsCollection.Name)]
public sealed class UpgradeStoryTests(ClusterHostsFixture fixture, ITestOutputHelper output)
{
    private const string Patch = "v1.33.5+k3s1";
    private const string Broken = "v1.34.1+k3s1";
    private const string Minor = "v1.34.2+k3s1";

    [ClusterFact]
    public async Task An_upgrade_waits_out_a_PodDisruptionBudget_goes_in_order_stops_at_a_release_that_cannot_run_and_a_node_rolls_back()
    {
        var (server, agent) = (fixture.Host(1), fixture.Host(2));
        var (serverId, agentId) = (fixture.NodeId(server), fixture.NodeId(agent));
        await ProvisioningFixture.ImportStandInAsync(fixture.Hub, Patch);
        await ProvisioningFixture.ImportStandInAsync(fixture.Hub, Broken, broken: true);
        await ProvisioningFixture.ImportStandInAsync(fixture.Hub, Minor);
        var clusters = new LabClusters(fixture.Hub);
        await clusters.CreateAsync("rolling", [serverId], [agentId]);
        try
        {
            using var kubectl = new LabKubectl(fixture.Lab, await clusters.KubeconfigAsync("rolling"));
            var serverNode = await KubeNodeAsync(kubectl, serverId);
            var agentNode = await KubeNodeAsync(kubectl, agentId);

            // A pod on the agent, Running and Ready (the test reports its status, as the kubelet would), under a budget that allows no disruption.
            (await kubectl.TryAsync(Pod(agentNode), "apply", "-f", "-")).Ok("kubectl apply -f pod.yaml");
            (await kubectl.TryAsync(null, "patch", "pod", "web", "--subresource=status", "--type=merge", "-p",
                """{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}""")).Ok("kubectl patch pod web --subresource=status");
            (await kubectl.TryAsync(Budget, "apply", "-f", "-")).Ok("kubectl apply -f pdb.yaml");

            // The dry run shows the server before the agent and changes nothing.
            var plan = await fixture.Hub.CliAsync("cluster", "upgrade", "rolling", "--version", Patch, "--dry-run");
            output.WriteLine(plan);
            Assert.True(plan.IndexOf(serverId, StringComparison.Ordinal) < plan.IndexOf(agentId, StringComparison.Ordinal), plan);
            Assert.Equal(ProvisioningFixture.K3sVersion, await KubeletAsync(kubectl, agentNode));

            // The upgrade: the server goes through; the agent's drain waits for the budget, which the test then lifts.
            {
                // The lab owns the CLI's process (it ends it, if need be, when the hosts go).
                var upgrade = fixture.Hub.StartCli("cluster", "upgrade", "rolling", "--version", Patch, "--yes");
                await upgrade.WaitForLineAsync($"{agentId} drain: waiting", TimeSpan.FromMinutes(2));
                var held = await StatusAsync();
                Assert.Equal(("done", "uncordon"), NodeState(held, serverId));
                Assert.Equal(("running", "drain"), NodeState(held, agentId));
                await Task.Delay(TimeSpan.FromSeconds(12));
                Assert.False(upgrade.HasExited, "the upgrade waits while the budget forbids the eviction:\n" + upgrade.Output);
                Assert.Equal(0, (await kubectl.TryAsync(null, "get", "pod", "web")).ExitCode);
                Assert.Contains("SchedulingDisabled", await kubectl.RunAsync("get", "node", agentNode), StringComparison.Ordinal);
                (await kubectl.TryAsync(null, "delete", "pdb", "web")).Ok("kubectl delete pdb web");
                Assert.True(await upgrade.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, upgrade.Output);
                output.WriteLine(upgrade.Output);
                var lines = upgrade.Output.Split('\n');
                int Line(string text) => Array.FindIndex(lines, l => l.StartsWith(text, StringComparison.Ordinal));
                Assert.True(Line($"{serverId} uncordon: ok") is >= 0 and var serverDone && serverDone < Line($"{agentId} cordon: ok"), upgrade.Output);
                Assert.True(Line($"{agentId} drain: ok") > Line($"{agentId} drain: waiting"), upgrade.Output);
            }
            Assert.Equal(Patch, await KubeletAsync(kubectl, serverNode));
            Assert.Equal(Patch, await KubeletAsync(kubectl, agentNode));
            Assert.DoesNotContain("SchedulingDisabled", await kubectl.RunAsync("get", "nodes"), StringComparison.Ordinal);
            Assert.NotEqual(0, (await kubectl.TryAsync(null, "get", "pod", "web")).ExitCode);

            // A release that cannot run: K3s's unit does not start on it (systemctl restart fails, the API is gone with
            // the server), so the upgrade stops there, the server gets its binary back and is uncordoned, and the agent
            // is never touched.
            var clock = Stopwatch.StartNew();
            var (code, failed) = await fixture.Hub.TryCliAsync("cluster", "upgrade", "rolling", "--version", Broken, "--ready-timeout", "20s", "--yes");
            output.WriteLine(failed);
            output.WriteLine(Seconds("the failed upgrade, the server put back", clock));
            Assert.NotEqual(0, code);
            Assert.Contains($"{serverId} swap: FAILED", failed, StringComparison.Ordinal);
            Assert.Contains("systemctl restart k3s.service failed", failed, StringComparison.Ordinal);
            Assert.Contains($"put back: the previous binary is back and k3s restarted; Ready, kubelet {Patch}, etcd healthy; uncordoned", failed, StringComparison.Ordinal);
            Assert.DoesNotContain($"{agentId} cordon", failed, StringComparison.Ordinal);
            var stopped = await StatusAsync();
            Assert.Equal("failed", stopped.GetProperty("state").GetString());
            Assert.Equal(("failed", "swap"), NodeState(stopped, serverId));
            Assert.Equal(("pending", ""), NodeState(stopped, agentId));
            Assert.Contains($"k3s version {Patch}", (await server.ExecAsync("/usr/local/bin/k3s --version")).Ok("k3s --version").Output, StringComparison.Ordinal);
            await Eventually.ReachesAsync(() => kubectl.RunAsync("get", "nodes"),
                text => !text.Contains("SchedulingDisabled", StringComparison.Ordinal) && !text.Contains("NotReady", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), last => $"both nodes Ready and schedulable again:\n{last}");
            Assert.Equal(Patch, await KubeletAsync(kubectl, serverNode));
            Assert.Equal(Patch, await KubeletAsync(kubectl, agentNode));

            // A release that runs goes through; then the agent rolls back to the binary it had.
            clock.Restart();
            output.WriteLine(await fixture.Hub.CliAsync("cluster", "upgrade", "rolling", "--version", Minor, "--yes"));
            output.WriteLine(Seconds("the upgrade of both nodes to " + Minor, clock));
            output.WriteLine(await fixture.Hub.CliAsync("events", "--type", "cluster.upgrade.step", "--tail", "24"));
            Assert.Equal(Minor, await KubeletAsync(kubectl, serverNode));
            Assert.Equal(Minor, await KubeletAsync(kubectl, agentNode));
            using (var cluster = JsonDocument.Parse(await fixture.Hub.CliAsync("cluster", "get", "rolling", "-o", "json")))
            {
                Assert.Equal(Minor, cluster.RootElement.GetProperty("version").GetString());
            }
            clock.Restart();
            output.WriteLine(await fixture.Hub.CliAsync("cluster", "rollback", "rolling", agentId, "--yes"));
            output.WriteLine(Seconds("the agent's rollback", clock));
            Assert.Equal(Patch, await KubeletAsync(kubectl, agentNode));
            Assert.Contains($"k3s version {Patch}", (await agent.ExecAsync("/usr/local/bin/k3s --version")).Ok("k3s --version").Output, StringComparison.Ordinal);
            Assert.Contains($"k3s version {Minor}", (await agent.ExecAsync("/usr/local/bin/k3s.previous --version")).Ok("k3s.previous --version").Output, StringComparison.Ordinal);
        }
        finally
        {
            await clusters.DeleteAsync("rolling");
        }
    }

    private static string Seconds(string what, Stopwatch clock) => string.Create(CultureInfo.InvariantCulture, $"{what}: {clock.Elapsed.TotalSeconds:F1} s");

    private async Task<JsonElement> StatusAsync()
    {
        using var status = JsonDocument.Parse(await fixture.Hub.CliAsync("cluster", "upgrade-status", "rolling", "-o", "json"));
        return status.RootElement.Clone();
    }

    private static (string State, string Step) NodeState(JsonElement run, string node) =>
        run.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("node").GetString() == node)
            .Select(n => (n.GetProperty("state").GetString()!, n.GetProperty("step").GetString()!)).Single();

    /// <summary>The Kubernetes name of the hub node <paramref name="nodeId"/> (the provisioner labels it with its node id).</summary>
    private static async Task<string> KubeNodeAsync(LabKubectl kubectl, string nodeId) =>
        (await Eventually.ReachesAsync(() => kubectl.RunAsync("get", "nodes", "-l", $"hardware.pi-controller.io/node-id={nodeId}", "-o", "name"),
            text => text.StartsWith("node/", StringComparison.Ordinal), TimeSpan.FromSeconds(60), last => $"a node labelled with {nodeId}: {last}")).Trim()["node/".Length..];

    /// <summary>The kubelet version the node reports (kubectl get node's VERSION).</summary>
    private static async Task<string> KubeletAsync(LabKubectl kubectl, string node) =>
        (await kubectl.RunAsync("get", "node", node, "-o", "jsonpath={.status.nodeInfo.kubeletVersion}")).Trim();

    private static string Pod(string node) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: default
          labels:
            app: web
        spec:
          nodeName: {node}
          containers:
          - name: web
            image: nginx:1.27

        """;

    private const string Budget = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
          namespace: default
        spec:
          minAvailable: 1
          selector:
            matchLabels:
              app: web

        """;
}
