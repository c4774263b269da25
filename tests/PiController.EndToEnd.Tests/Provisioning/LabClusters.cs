using System.Text.Json;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// The hub's clusters as a user drives them, with the CLI in the hub's namespace: `cluster create --yes` (which
/// follows the plan live until it ends), `cluster get -o json`, `cluster kubeconfig`, `cluster delete`.
/// </summary>
internal sealed class LabClusters(LabHub hub)
{
    /// <summary>Creates the cluster and returns it once its plan ended ready; fails with the CLI's output and every step otherwise.</summary>
    public async Task<JsonElement> CreateAsync(string name, IEnumerable<string> servers, IEnumerable<string> agents)
    {
        var (code, output) = await TryCreateAsync(name, servers, agents);
        var cluster = await GetAsync(name);
        Assert.True(code == 0 && cluster?.GetProperty("state").GetString() == "ready", $"cluster create {name} exited {code}:\n{output}\n{Describe(cluster)}");
        return cluster!.Value;
    }

    /// <summary>`cluster create NAME ... --yes` as it ends: its exit code and everything it printed.</summary>
    public Task<(int Code, string Output)> TryCreateAsync(string name, IEnumerable<string> servers, IEnumerable<string> agents) =>
        hub.TryCliAsync([.. CreateArguments(name, servers, agents)]);

    public static IEnumerable<string> CreateArguments(string name, IEnumerable<string> servers, IEnumerable<string> agents) =>
        ["cluster", "create", name, .. servers.SelectMany(s => new[] { "--server", s }), .. agents.SelectMany(a => new[] { "--agent", a }),
            "--version", ProvisioningFixture.K3sVersion, "--yes"];

    /// <summary>Waits (bounded) until the cluster's plan ends ready; fails with every step otherwise.</summary>
    public async Task<JsonElement> ReadyAsync(string name, TimeSpan timeout)
    {
        JsonElement? cluster = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            cluster = await GetAsync(name);
            var state = cluster?.GetProperty("state").GetString();
            if (state is "ready" or "failed")
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        Assert.True(cluster?.GetProperty("state").GetString() == "ready", $"cluster {name} is not ready:\n{Describe(cluster)}");
        return cluster!.Value;
    }

    public async Task DeleteAsync(string name)
    {
        var (code, output) = await hub.TryCliAsync("cluster", "delete", name);
        Assert.True(code == 0, $"cluster delete {name} exited {code}:\n{output}\n{Describe(await GetAsync(name))}");
        Assert.Null(await GetAsync(name));
    }

    public Task<string> KubeconfigAsync(string name) => hub.CliAsync("cluster", "kubeconfig", name);

    public async Task<JsonElement?> GetAsync(string name)
    {
        var (code, output) = await hub.TryCliAsync("cluster", "get", name, "-o", "json");
        return code == 0 ? JsonDocument.Parse(output).RootElement.Clone() : null;
    }

    /// <summary>The nodes and every step of a cluster, one line each, for a failure message.</summary>
    public static string Describe(JsonElement? cluster)
    {
        if (cluster is not { } c)
        {
            return "(no such cluster)";
        }
        var lines = c.GetProperty("nodes").EnumerateArray().Select(n => $"node {n.GetProperty("node")} {n.GetProperty("role")} {n.GetProperty("state")} {n.GetProperty("lastError")} {n.GetProperty("nextAction")}")
            .Concat(c.GetProperty("steps").EnumerateArray().Select(s => $"  {s.GetProperty("node")} {s.GetProperty("phase")} {s.GetProperty("index")} {s.GetProperty("description")}: {s.GetProperty("state")} {s.GetProperty("output")} {s.GetProperty("error")}"));
        return $"state {c.GetProperty("state")}\n" + string.Join('\n', lines);
    }
}
