using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.K3s;
using PiController.Agent.Link;
using PiController.Agent.Platform;
using PiController.Hub.Agents;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;

namespace PiController.Integration.Tests;

/// <summary>
/// The agent transport end to end in one process: a real hub on loopback with K3s release files imported, an enrolled
/// node's real agent link (its dispatcher, its K3s commands, its artifact download over mTLS) writing into a temporary
/// tree that stands in for the node's "/". systemd is the live host's, so the unit steps are refused here as unsupported;
/// everything else of the plan lands in the tree.
/// </summary>
public sealed class AgentTransportTests : IAsyncLifetime
{
    private const string NodeId = "node-k3s";
    private readonly byte[] _binary = RandomNumberGenerator.GetBytes(300_000);
    private readonly byte[] _images = RandomNumberGenerator.GetBytes(500_000);
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _staging = new();
    private readonly CancellationTokenSource _stop = new();
    private HubHarness _hub = null!;
    private Task _agent = Task.CompletedTask;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string Node(string absolute) => Path.Join(_root.Path, absolute.TrimStart('/'));

    public async Task InitializeAsync()
    {
        _hub = await HubHarness.StartAsync();
        var checksums = ReleaseChecksums.Parse(Encoding.UTF8.GetBytes($"{Sha(_binary)}  k3s-arm64\n{Sha(_images)}  k3s-airgap-images-arm64.tar.zst\n"), "sha256sum-arm64.txt");
        using (var import = _hub.Get<K3sArtifactStore>().BeginImport("v1.33.4+k3s1", "arm64", checksums, "test"))
        {
            await import.AddAsync("k3s-arm64", new MemoryStream(_binary), 10_000_000, CancellationToken.None);
            await import.AddAsync("k3s-airgap-images-arm64.tar.zst", new MemoryStream(_images), 10_000_000, CancellationToken.None);
            import.Commit();
        }
        var credentials = await _hub.EnrollAsync(NodeId);
        var root = new SystemRoot(_root.Path);
        var k3s = new K3sCommands(root, new K3sHostSteps(root, _staging.Path, TimeProvider.System),
            _ => Task.FromResult(new ArtifactDownloader(_hub.Address, _hub.Trust, credentials.Current!)), TimeProvider.System);
        var connection = new HubConnection(_hub.Address, HubCaSource.Known(_hub.Address, _hub.Ca.Certificate),
            new AgentIdentity(NodeId, Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim" }, () => new Metrics(), () => new HardwareReport()),
            new CommandDispatcher(new CommandJournal(), TimeProvider.System, null, k3s, _stop.Token), credentials, null, Backoff.LinkReconnect(),
            TimeProvider.System, NullLogger.Instance);
        var connected = new TaskCompletionSource();
        connection.Connected += () => connected.TrySetResult();
        _agent = connection.RunAsync(_stop.Token);
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _agent;
        await _hub.DisposeAsync();
        _root.Dispose();
        _staging.Dispose();
        _stop.Dispose();
    }

    private Task<INodeTransport> OpenAsync(string nodeId) => _hub.Get<IEnumerable<INodeTransportProvider>>()
        .Single(p => p.Kind == NodeTransportKind.Agent).OpenAsync(new NodeTarget(NodeTransportKind.Agent, nodeId), CancellationToken.None);

    private IReadOnlyList<InstallStep> FirstServer(ClusterSecrets secrets) => K3sInstall.Steps(
        new K3sNodeSpec(K3sRole.Server, "pi-01", null, ["192.168.1.10"], new Dictionary<string, string>(), 4096, PreferBundledBin: false),
        new K3sClusterSpec(["traefik"]), new K3sArtifacts(Sha(_binary), "k3s-airgap-images-arm64.tar.zst", Sha(_images)),
        ClusterCa.Create(DateTimeOffset.UtcNow), secrets);

    private static bool IsUnit(InstallStep step) => step is DaemonReload or RestartIfChanged or EnableNow;

    [Fact]
    public async Task A_first_servers_install_runs_through_the_agent_link_and_a_second_run_changes_nothing()
    {
        var secrets = ClusterSecrets.Generate();
        var steps = FirstServer(secrets);
        await using var transport = await OpenAsync(NodeId);
        var changed = new HashSet<string>();

        foreach (var step in steps.Where(s => !IsUnit(s)))
        {
            var result = await transport.RunAsync(step, changed, CancellationToken.None);
            Assert.True(result.Succeeded && result.Changed, $"{step}: {result.Error}");
            changed.Add(step.Path!);
        }
        var unit = await transport.RunAsync(new EnableNow("k3s"), changed, CancellationToken.None);
        var again = new List<StepResult>();
        foreach (var step in steps.Where(s => !IsUnit(s)))
        {
            again.Add(await transport.RunAsync(step, new HashSet<string>(), CancellationToken.None));
        }

        Assert.Equal("agent node-k3s", transport.Description);
        Assert.Equal(_binary, File.ReadAllBytes(Node("/usr/local/bin/k3s")));
        Assert.Equal(_images, File.ReadAllBytes(Node("/var/lib/rancher/k3s/agent/images/k3s-airgap-images-arm64.tar.zst")));
        Assert.Equal("k3s", new FileInfo(Node("/usr/local/bin/kubectl")).LinkTarget);
        Assert.Contains(secrets.Server.Reveal(), File.ReadAllText(Node("/etc/systemd/system/k3s.service.env")), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Node("/etc/systemd/system/k3s.service.env")));
        Assert.True(File.Exists(Node("/var/lib/rancher/k3s/server/tls/etcd/peer-ca.key")));
        Assert.False(unit.Succeeded);
        Assert.Equal($"systemd units are the live host's; this agent reads a test root ({_root.Path})", unit.Error);
        Assert.All(again, r => Assert.True(r.Succeeded && !r.Changed, r.Output + r.Error));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_staging.Path));
    }

    [Fact]
    public async Task A_step_outside_the_allow_list_fails_with_the_agents_reason_and_writes_nothing()
    {
        await using var transport = await OpenAsync(NodeId);

        var result = await transport.RunAsync(new WriteFile("/etc/sudoers.d/k3s", FileContent.Plain("ALL ALL=(ALL) NOPASSWD: ALL\n"), UnixFileMode.UserRead, FileKind.Config),
            new HashSet<string>(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith("\"/etc/sudoers.d/k3s\" is not a file of K3s's the agent writes", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    [Fact]
    public async Task A_release_file_the_hub_does_not_keep_is_refused_and_nothing_is_placed()
    {
        await using var transport = await OpenAsync(NodeId);
        var unknown = Convert.ToHexStringLower(SHA256.HashData("nothing"u8));

        var result = await transport.RunAsync(new PlaceBinary(K3sLayout.Binary, unknown, KeepPrevious: true), new HashSet<string>(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith($"the hub could not give the K3s file {unknown[..16]}... (404 NotFound)", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.Path));
    }

    [Fact]
    public async Task Facts_and_K3s_files_are_read_through_the_link()
    {
        Directory.CreateDirectory(Node("/proc"));
        File.WriteAllText(Node("/proc/cpuinfo"), "Revision\t: d04170\n");
        Directory.CreateDirectory(Node("/proc/sys/kernel/random"));
        File.WriteAllText(Node("/proc/sys/kernel/random/boot_id"), "5a0c7c1e-3c43-4f1a-9f7e-0d2a3c1b9e11\n");
        Directory.CreateDirectory(Node("/etc/rancher/k3s"));
        File.WriteAllText(Node("/etc/rancher/k3s/k3s.yaml"), "apiVersion: v1\nkind: Config\n");
        await using var transport = await OpenAsync(NodeId);

        var facts = await transport.GatherFactsAsync(["pi-02"], CancellationToken.None);
        var kubeconfig = await transport.ReadK3sFileAsync(K3sFile.Kubeconfig, CancellationToken.None);
        var token = await transport.ReadK3sFileAsync(K3sFile.ServerToken, CancellationToken.None);
        var bootId = await transport.BootIdAsync(CancellationToken.None);

        Assert.Equal(0xd04170u, facts.RevisionCode);
        Assert.Equal(["pi-02"], facts.OtherHostnames);
        Assert.NotNull(facts.ClockSkew);
        Assert.Null(facts.MemInfo);
        Assert.Equal("apiVersion: v1\nkind: Config\n", kubeconfig);
        Assert.Null(token);
        Assert.Equal("5a0c7c1e-3c43-4f1a-9f7e-0d2a3c1b9e11", bootId);
    }

    [Fact]
    public async Task A_node_whose_agent_is_not_connected_is_unreachable_with_the_next_action()
    {
        var e = await Assert.ThrowsAsync<NodeUnreachableException>(() => OpenAsync("node-away"));

        Assert.Equal("node node-away is not connected to the hub; start its agent (systemctl start pi-agent on the node) and run the plan again, " +
            "or reach it over SSH (ssh:NAME)", e.Message);
        Assert.False(_hub.Get<AgentRegistry>().IsConnected("node-away"));
    }
}
