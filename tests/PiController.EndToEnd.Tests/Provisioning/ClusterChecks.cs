using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>What every cluster test checks on the hosts, whichever transport carried the plan out.</summary>
internal static class ClusterChecks
{
    /// <summary>
    /// Each server runs k3s and each agent k3s-agent under systemd, enabled; every agent joined the first server;
    /// agents hold the agent token only. Returns the secrets (the tokens' secret parts) for the search.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunningAsync(IReadOnlyList<TestHost> servers, IReadOnlyList<TestHost> agents)
    {
        foreach (var (host, unit) in servers.Select(s => (s, "k3s")).Concat(agents.Select(a => (a, "k3s-agent"))))
        {
            Assert.Equal("active enabled", string.Join(' ', (await host.ExecAsync($"systemctl is-active {unit}; systemctl is-enabled {unit}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        }
        var secrets = SecretSearch.TokensIn(servers[0], "/etc/systemd/system/k3s.service.env");
        Assert.Equal(2, secrets.Count);
        foreach (var server in servers.Skip(1))
        {
            Assert.Contains($"https://{servers[0].Address}:6443", await File.ReadAllTextAsync(server.File("/var/lib/rancher/k3s/standin-state.json")), StringComparison.Ordinal);
            Assert.Equal(secrets, SecretSearch.TokensIn(server, "/etc/systemd/system/k3s.service.env"));
        }
        foreach (var agent in agents)
        {
            Assert.Contains($"https://{servers[0].Address}:6443", await File.ReadAllTextAsync(agent.File("/var/lib/rancher/k3s/standin-state.json")), StringComparison.Ordinal);
            Assert.Equal([secrets[1]], SecretSearch.TokensIn(agent, "/etc/systemd/system/k3s-agent.service.env"));
        }
        return secrets;
    }

    public static async Task NowhereAsync(ProvisioningFixture fixture, CommandLineSampler commandLines, IReadOnlyList<string> secrets)
    {
        var found = await SecretSearch.FindAsync(fixture, commandLines, secrets);
        Assert.True(found.Count == 0, $"a secret was found in: {string.Join(", ", found)} ({commandLines.Count} command lines seen)");
    }

    public static async Task NothingOfK3sLeftAsync(IEnumerable<TestHost> hosts)
    {
        foreach (var host in hosts)
        {
            var left = await K3sLeftovers.OnAsync(host);
            Assert.True(left.Count == 0, $"{host.Name} still has: {string.Join(", ", left)}");
            Assert.NotEqual("active", (await host.ExecAsync("systemctl is-active k3s k3s-agent")).Output.Split('\n')[0].Trim());
        }
    }
}
