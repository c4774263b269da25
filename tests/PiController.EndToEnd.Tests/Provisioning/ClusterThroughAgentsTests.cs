using System.Diagnostics;
using System.Globalization;
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
        await clusters.WaitAsync("one");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 server + 1 agent through the agents: ready after {clock.Elapsed.TotalSeconds:F1} s"));

        Assert.Equal("active", (await server.ExecAsync("systemctl is-active k3s")).Output.Trim());
        Assert.Equal("active", (await agent.ExecAsync("systemctl is-active k3s-agent")).Output.Trim());
        Assert.Equal("enabled", (await server.ExecAsync("systemctl is-enabled k3s")).Output.Trim());
        var agentState = await File.ReadAllTextAsync(agent.File("/var/lib/rancher/k3s/standin-state.json"));
        Assert.Contains($"https://{server.Address}:6443", agentState, StringComparison.Ordinal);
        Assert.Contains($"server: https://{server.Address}:6443", await clusters.KubeconfigAsync("one"), StringComparison.Ordinal);

        var secrets = SecretSearch.TokensIn(server, "/etc/systemd/system/k3s.service.env");
        Assert.Equal(2, secrets.Count);
        // An agent gets the agent token only.
        var agentSecrets = SecretSearch.TokensIn(agent, "/etc/systemd/system/k3s-agent.service.env");
        Assert.Equal([secrets[1]], agentSecrets);
        var found = await SecretSearch.FindAsync(fixture, commandLines, secrets);
        Assert.True(found.Count == 0, $"a token was found in: {string.Join(", ", found)} ({commandLines.Count} command lines seen)");

        await clusters.DeleteAsync("one");
        foreach (var host in new[] { server, agent })
        {
            var left = await K3sLeftovers.OnAsync(host);
            Assert.True(left.Count == 0, $"{host.Name} still has: {string.Join(", ", left)}");
        }
    }
}
