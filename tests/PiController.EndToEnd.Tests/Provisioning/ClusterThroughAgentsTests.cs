using System.Diagnostics;
using System.Globalization;
using PiController.Testing.Hosts;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// K3s clusters planned by the hub and carried out through the agents on whole hosts (systemd, the agent from its
/// .deb, the stand-in k3s from the hub's artifact store): servers and agents running under their units, the join
/// checked against the cluster CA, no token anywhere it must not be, and nothing of K3s left after the delete.
/// </summary>
[Collection(ProvisioningCollection.Name)]
public sealed class ClusterThroughAgentsTests(ProvisioningFixture fixture, ITestOutputHelper output)
{
    [ProvisioningFact]
    public async Task A_one_server_one_agent_cluster_runs_under_systemd_leaks_no_token_and_its_delete_leaves_nothing_of_k3s()
    {
        var (server, agent) = (fixture.Host(1), fixture.Host(2));
        var clusters = new LabClusters(fixture.Hub);
        await using var commandLines = new CommandLineSampler();
        var clock = Stopwatch.StartNew();

        await clusters.CreateAsync("one", [fixture.NodeId(server)], [fixture.NodeId(agent)]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 server + 1 agent through the agents: ready after {clock.Elapsed.TotalSeconds:F1} s"));

        var secrets = await ClusterChecks.RunningAsync([server], [agent]);
        Assert.Contains($"server: https://{server.Address}:6443", await clusters.KubeconfigAsync("one"), StringComparison.Ordinal);
        await ClusterChecks.NowhereAsync(fixture, commandLines, secrets);

        await clusters.DeleteAsync("one");
        await ClusterChecks.NothingOfK3sLeftAsync([server, agent]);
    }

    [ProvisioningFact]
    public async Task Three_servers_and_two_agents_form_one_cluster_with_embedded_etcd_and_leave_nothing_after_the_delete()
    {
        TestHost[] servers = [fixture.Host(1), fixture.Host(2), fixture.Host(3)];
        TestHost[] agents = [fixture.Host(4), fixture.Host(5)];
        var clusters = new LabClusters(fixture.Hub);
        await using var commandLines = new CommandLineSampler();
        var clock = Stopwatch.StartNew();

        await clusters.CreateAsync("ha", servers.Select(fixture.NodeId), agents.Select(fixture.NodeId));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"3 servers + 2 agents through the agents: ready after {clock.Elapsed.TotalSeconds:F1} s"));

        var secrets = await ClusterChecks.RunningAsync(servers, agents);
        Assert.Contains("\"clusterInit\": true", await File.ReadAllTextAsync(servers[0].File("/var/lib/rancher/k3s/standin-state.json")), StringComparison.Ordinal);
        await ClusterChecks.NowhereAsync(fixture, commandLines, secrets);

        await clusters.DeleteAsync("ha");
        await ClusterChecks.NothingOfK3sLeftAsync([.. servers, .. agents]);
    }
}
