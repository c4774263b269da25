using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>A <see cref="ClusterHub"/> on a kept data directory with an admin's client, and the waits and reads the plan tests share.</summary>
public abstract partial class ClusterPlanFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("pic-clusters-");

    internal TestDoubleNodes Nodes { get; } = new();

    internal ClusterHub Hub { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    protected string DataDirectory => _directory.Path;

    public virtual async Task InitializeAsync() => await StartHubAsync();

    public async Task DisposeAsync()
    {
        await StopHubAsync();
        _directory.Dispose();
    }

    protected async Task StartHubAsync()
    {
        Hub = await ClusterHub.StartAsync(_directory.Path, Nodes);
        Admin = Hub.Http(Hub.Token(ApiRole.Admin));
    }

    protected async Task StopHubAsync()
    {
        Admin.Dispose();
        await Hub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    protected async Task<HttpResponseMessage> CreateAsync(string name, string[] servers, string[] agents, bool dryRun = false) =>
        await Admin.PostAsJsonAsync("/api/v1/clusters", new { name, servers, agents, dryRun });

    /// <summary>The cluster once no run of its plan is in progress and it is no longer creating (or deleting).</summary>
    protected Task<JsonElement> SettledAsync(string name) => Eventually.ReachesAsync(
        async () => await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/clusters/{name}"),
        c => !c.GetProperty("running").GetBoolean() && c.GetProperty("state").GetString() is "ready" or "failed",
        TimeSpan.FromSeconds(60), c => $"cluster {name} did not settle: {c}");

    protected static JsonElement NodeOf(JsonElement cluster, string node) =>
        cluster.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == node);

    /// <summary>The server token's password, as the test double's first server received it in its 0600 env file.</summary>
    protected string ServerSecret(string node) =>
        SecretPattern().Match(Nodes.FilesOf(node)["/etc/systemd/system/k3s.service.env"]).Groups[1].Value;

    protected IReadOnlyList<string> StepsOf(string node) => [.. Nodes.Journal.Where(j => j.Node == node).Select(j => j.Step)];

    [GeneratedRegex("::server:([0-9a-f]{64})")]
    private static partial Regex SecretPattern();
}
