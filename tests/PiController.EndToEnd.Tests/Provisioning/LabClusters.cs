using System.Text.Json;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>The hub's clusters as a test drives them: create a plan, wait for its end, delete it and wait until it is gone.</summary>
internal sealed class LabClusters(LabHub hub)
{
    public static readonly TimeSpan PlanTimeout = TimeSpan.FromMinutes(3);

    public async Task CreateAsync(string name, IReadOnlyList<string> servers, IReadOnlyList<string> agents)
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = name, ["servers"] = servers, ["agents"] = agents, ["version"] = ProvisioningFixture.K3sVersion,
        });
        var (status, body) = await hub.RestAsync("POST", "/api/v1/clusters", request);
        Assert.True(status == 202, $"POST /api/v1/clusters answered {status}: {body}");
    }

    /// <summary>Waits (bounded) until the plan is no longer running and returns the cluster; fails with every step unless it is <paramref name="state"/>.</summary>
    public async Task<JsonElement> WaitAsync(string name, string state = "ready")
    {
        var cluster = await Eventually.ReachesAsync(() => GetAsync(name), c => c is { } v && !v.GetProperty("running").GetBoolean()
            && v.GetProperty("state").GetString() is "ready" or "failed", PlanTimeout, last => $"cluster {name} did not finish within {PlanTimeout}:\n{Describe(last)}\nhub:\n{hub.Process.Output}");
        Assert.True(cluster!.Value.GetProperty("state").GetString() == state, $"cluster {name} ended {cluster.Value.GetProperty("state")}:\n{Describe(cluster)}");
        return cluster.Value;
    }

    public async Task DeleteAsync(string name)
    {
        var (status, body) = await hub.RestAsync("DELETE", $"/api/v1/clusters/{name}");
        Assert.True(status == 202, $"DELETE /api/v1/clusters/{name} answered {status}: {body}");
        await Eventually.ReachesAsync(() => GetAsync(name), c => c is null, PlanTimeout, last => $"cluster {name} was not deleted within {PlanTimeout}:\n{Describe(last)}");
    }

    public async Task<string> KubeconfigAsync(string name)
    {
        var (status, body) = await hub.RestAsync("GET", $"/api/v1/clusters/{name}/kubeconfig");
        Assert.True(status == 200, $"kubeconfig of {name}: {status} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("kubeconfig").GetString()!;
    }

    private async Task<JsonElement?> GetAsync(string name)
    {
        var (status, body) = await hub.RestAsync("GET", $"/api/v1/clusters/{name}");
        return status == 404 ? null : status == 200 ? JsonDocument.Parse(body).RootElement.Clone() : throw new InvalidOperationException($"GET cluster {name}: {status} {body}");
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
