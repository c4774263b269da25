using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Hosting;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Upgrades;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;
using PiController.Hub.Tests.Provisioning;
using PiController.Hub.Tests.Provisioning.Clusters;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// A real in-process hub (as serve composes it) whose ssh: targets are <see cref="UpgradeTransport"/> test doubles and
/// whose clusters' Kubernetes API is the API double (through the cluster manager, as in production), with two K3s releases imported for arm64; each test starts with
/// cluster "lab" (three servers, two agents) created by the provisioner on <see cref="From"/>, every Node registered.
/// </summary>
public abstract class UpgradeFixture : IAsyncLifetime
{
    public const string From = "v1.32.5+k3s1";
    public const string To = "v1.33.4+k3s1";

    private readonly TempDirectory _directory = new("pic-upgrades-");
    private KubeApiDoubleHost _api = null!;
    private LoopbackRelay _relay = null!;
    private WebApplication _hub = null!;

    internal StandInK3s K3s { get; private set; } = null!;

    /// <summary>The hub reaches the API double through this relay: <see cref="LoopbackRelay.Outage"/> takes the API away for a while.</summary>
    internal LoopbackRelay Relay => _relay;

    internal WebApplication Hub => _hub;

    protected HttpClient Admin { get; private set; } = null!;

    protected int Port { get; private set; }

    /// <summary>How long a node may take to be Ready after its restart (short: the failing-node test waits it out).</summary>
    protected virtual TimeSpan ReadyTimeout => TimeSpan.FromSeconds(3);

    public virtual async Task InitializeAsync()
    {
        _api = await KubeApiDoubleHost.StartAsync();
        _relay = new LoopbackRelay(_api.Url.Port);
        K3s = new StandInK3s(new TestDoubleNodes(), _api.Store);
        Port = LoopbackPort.Free();
        await StartHubAsync();
        var store = _hub.Services.GetRequiredService<K3sArtifactStore>();
        await ImportAsync(store, From);
        await ImportAsync(store, To);
        K3s.Artifacts = store;
        using var created = await Admin.PostAsJsonAsync("/api/v1/clusters",
            new { name = "lab", servers = new[] { "ssh:s1", "ssh:s2", "ssh:s3" }, agents = new[] { "ssh:a1", "ssh:a2" }, version = From });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await Eventually.ReachesAsync(async () => await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab"),
            c => !c.GetProperty("running").GetBoolean() && c.GetProperty("state").GetString() == "ready", TimeSpan.FromSeconds(60), c => $"cluster lab is not ready: {c}");
        await ManagedAsync();
    }

    public async Task DisposeAsync()
    {
        await StopHubAsync();
        await _relay.DisposeAsync();
        await _api.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A hub on the fixture's data directory and port, as serve composes it (started again after <see cref="StopHubAsync"/>, it resumes what was left running).</summary>
    protected async Task StartHubAsync()
    {
        _hub = HubServer.Build(new HubOptions { DataDirectory = _directory.Path, Address = IPAddress.Loopback, Port = Port }, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<INodeTransportProvider>(new UpgradeTransportProvider(K3s));
            builder.Services.AddSingleton(new ClusterRunnerOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20), 8));
            builder.Services.AddSingleton(new UpgradeOptions(ReadyTimeout, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50)));
            builder.Services.AddSingleton<IKubeApiFactory>(new DoubleKubeApiFactory(_api, _relay));
        });
        await _hub.StartAsync();
        K3s.Artifacts = _hub.Services.GetRequiredService<K3sArtifactStore>();
        Admin = HubTls.Http(new Uri($"https://127.0.0.1:{Port}"), _hub.Services.GetRequiredService<CertificateAuthority>().Certificate, Token(ApiRole.Admin));
    }

    /// <summary>Waits until the cluster manager runs a controller of cluster lab (it starts one when the cluster is ready, or at hub start).</summary>
    protected Task ManagedAsync() => Eventually.TrueAsync(() => Task.FromResult(_hub.Services.GetRequiredService<IClusterManager>().Find("lab") is not null),
        TimeSpan.FromSeconds(60), "the cluster manager manages cluster lab");

    protected async Task StopHubAsync()
    {
        Admin.Dispose();
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    internal string Token(string role) => _hub.Services.GetRequiredService<ApiTokenStore>().Create($"test {role}", role, expires: null);

    /// <summary>The binary SHA-256 the hub keeps for a release.</summary>
    internal string BinaryOf(string version) =>
        _hub.Services.GetRequiredService<K3sArtifactStore>().Get(version, "arm64")!.Files.Single(f => f.Kind == "binary").Sha256;

    protected Task<HttpResponseMessage> UpgradeAsync(string version, int? drainTimeoutSeconds = null, bool dryRun = false, int? concurrency = null) =>
        Admin.PostAsJsonAsync("/api/v1/clusters/lab/upgrade", new { version, drainTimeoutSeconds, dryRun, concurrency });

    /// <summary>The latest run once it is no longer running.</summary>
    protected Task<JsonElement> SettledAsync() => Eventually.ReachesAsync(
        async () => await Admin.GetFromJsonAsync<JsonElement>("/api/v1/clusters/lab/upgrade"),
        u => u.GetProperty("state").GetString() is "done" or "failed", TimeSpan.FromSeconds(60), u => $"the upgrade did not end: {u}");

    /// <summary>The cluster.upgrade.step events so far.</summary>
    protected async Task<IReadOnlyList<JsonElement>> StepsAsync()
    {
        var page = await Admin.GetFromJsonAsync<JsonElement>("/api/v1/events?since=0&type=cluster.upgrade.step&limit=500");
        return [.. page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("payload"))];
    }

    /// <summary>The nodes in the order their binary was placed since <paramref name="from"/> (an index into the journal).</summary>
    protected IReadOnlyList<string> PlacedSince(int from) =>
        [.. K3s.Nodes.Journal.Skip(from).Where(j => j.Step.StartsWith("place /usr/local/bin/k3s ", StringComparison.Ordinal)).Select(j => j.Node)];

    /// <summary>A running pod on <paramref name="node"/>: Ready, labelled, optionally owned by a DaemonSet or a mirror pod.</summary>
    protected void AddPod(string name, string node, string app, bool daemonSet = false, bool mirror = false)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = app } };
        if (daemonSet)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "DaemonSet", ["name"] = app, ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true,
            });
        }
        if (mirror)
        {
            metadata["annotations"] = new JsonObject { [KubeNodeOps.MirrorAnnotation] = "mirror" };
        }
        K3s.Api.Create(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["nodeName"] = node, ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            },
        });
    }

    protected void AddBudget(string name, string app, int minAvailable) => K3s.Api.Create(new JsonObject
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["minAvailable"] = minAvailable,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
        },
    });

    protected bool PodExists(string name) => K3s.Api.Get("v1", "Pod", "default", name) is not null;

    private async Task ImportAsync(K3sArtifactStore store, string version)
    {
        var release = new FakeRelease(Path.Join(_directory.Path, "release-" + version), binaryBytes: 1000, imagesBytes: 1000);
        using var import = store.BeginImport(version, "arm64", ReleaseChecksums.Parse(File.ReadAllBytes(release.Checksums), "sha256sum-arm64.txt"), "test");
        foreach (var path in new[] { release.Binary, release.Images })
        {
            await using var content = File.OpenRead(path);
            await import.AddAsync(Path.GetFileName(path), content, 10_000_000, CancellationToken.None);
        }
        import.Commit();
    }
}
