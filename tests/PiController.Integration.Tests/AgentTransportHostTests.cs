using System.Net;
using System.Security.Cryptography;
using System.Text;
using PiController.Hub.Agents;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;
using PiController.Testing.Hosts;
using PiController.Testing.Lab;

namespace PiController.Integration.Tests;

/// <summary>
/// The agent transport on a whole host (a systemd-nspawn container with real systemd, <see cref="HostLab"/>): the agent
/// installed from its .deb runs under the shipped pi-agent.service sandbox, and the hub, in this process, drives it
/// through typed steps only. The host steps leave the sandbox through systemd-run; the "k3s" placed from the hub's
/// artifact store is a trivial Type=notify program (a perl script that sends READY=1 as the unit's main process and
/// sleeps), enough for systemd to call the unit active.
/// </summary>
public sealed class AgentTransportHostTests
{
    private const string NotifyingK3s = """
        #!/usr/bin/perl
        # A test double of k3s: tells systemd it is ready (Type=notify), then sleeps. Not K3s.
        use Socket;
        my $path = $ENV{NOTIFY_SOCKET} or die "no NOTIFY_SOCKET\n";
        $path =~ s/^@/\0/;
        socket(my $socket, PF_UNIX, SOCK_DGRAM, 0) or die "socket: $!\n";
        send($socket, "READY=1", 0, pack_sockaddr_un($path)) or die "send: $!\n";
        sleep;

        """;

    public static string? MissingPrerequisite() => HostLab.MissingPrerequisite() ?? AgentPackage.MissingPrerequisite();

    [HostLabFact]
    public async Task K3s_is_installed_started_and_removed_through_the_agents_typed_steps_on_a_real_systemd_host()
    {
        await using var lab = await HostLab.StartAsync(1, subnet: 9, name: "pa");
        var address = lab.Network.Address(5);
        var veth = "pat" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        AttachToBridge(lab, veth, address);
        try
        {
            await using var hub = await HubHarness.StartAsync(address: IPAddress.Parse(address));
            try
            {
                await InstallAndRemoveAsync(hub, lab.Hosts[0]);
            }
            finally
            {
                // The hub stops gracefully only when no agent stream holds it.
                await lab.Hosts[0].ExecAsync("systemctl stop pi-agent");
            }
        }
        finally
        {
            NetworkLab.Ip("link", "delete", veth);
        }
    }

    private static async Task InstallAndRemoveAsync(HubHarness hub, TestHost host)
    {
        var binary = Encoding.UTF8.GetBytes(NotifyingK3s);
        var images = RandomNumberGenerator.GetBytes(100_000);
        await ImportAsync(hub, binary, images);
        await AgentPackage.InstallAsync(host, hub.Address.ToString().TrimEnd('/'), hub.NewJoinToken());
        var nodeId = File.ReadAllText(host.File("/etc/machine-id")).Trim();
        await Eventually.TrueAsync(() => Task.FromResult(hub.Get<AgentRegistry>().IsConnected(nodeId)), TimeSpan.FromSeconds(60), "the host's agent connected");
        await using var transport = await hub.Get<IEnumerable<INodeTransportProvider>>().Single(p => p.Kind == NodeTransportKind.Agent)
            .OpenAsync(new NodeTarget(NodeTransportKind.Agent, nodeId), CancellationToken.None);

        var facts = await transport.GatherFactsAsync([], CancellationToken.None);
        var secrets = ClusterSecrets.Generate();
        var install = K3sInstall.Steps(
            new K3sNodeSpec(K3sRole.Server, "pa1", null, [host.Address], new Dictionary<string, string>(), 4096, PreferBundledBin: false),
            new K3sClusterSpec([]), new K3sArtifacts(Sha(binary), "k3s-airgap-images-amd64.tar.zst", Sha(images)), ClusterCa.Create(DateTimeOffset.UtcNow), secrets);
        var first = await RunAllAsync(transport, install);
        var state = await transport.ServiceStateAsync("k3s", CancellationToken.None);
        var mainPid = (await host.ExecAsync("systemctl show -p MainPID --value k3s")).Output.Trim();
        var second = await RunAllAsync(transport, install);
        var pidAfter = (await host.ExecAsync("systemctl show -p MainPID --value k3s")).Output.Trim();
        var processTable = (await host.ExecAsync("cat /proc/[0-9]*/cmdline | tr '\\0' ' '")).Output;
        var uninstall = await RunAllAsync(transport, K3sUninstall.Steps(K3sRole.Server));
        var stateAfter = await transport.ServiceStateAsync("k3s", CancellationToken.None);

        Assert.Equal("pa1", facts.Hostname);
        Assert.NotNull(facts.ClockSkew);
        Assert.Equal((await host.ExecAsync("cat /proc/sys/kernel/random/boot_id")).Output.Trim(), await transport.BootIdAsync(CancellationToken.None));
        Assert.All(first, r => Assert.True(r.Result.Succeeded, $"{r.Step}: {r.Result.Error}"));
        Assert.All(first.Where(r => r.Step is not DaemonReload), r => Assert.True(r.Result.Changed, $"{r.Step} did not change a fresh host"));
        Assert.Equal("active", state);
        Assert.All(second, r => Assert.True(r.Result.Succeeded && !r.Result.Changed, $"{r.Step} changed on a re-run: {r.Result.Output}"));
        Assert.Equal(mainPid, pidAfter);
        Assert.DoesNotContain(secrets.Server.Reveal(), processTable, StringComparison.Ordinal);
        Assert.All(uninstall, r => Assert.True(r.Result.Succeeded, $"{r.Step}: {r.Result.Error}"));
        Assert.Equal("inactive", stateAfter);
        Assert.All(K3sUninstall.RemovedPaths(K3sRole.Server), p => Assert.False(File.Exists(host.File(p)) || Directory.Exists(host.File(p)), $"{p} is still there"));
        Assert.Equal("active", (await host.ExecAsync("systemctl is-active pi-agent")).Output.Trim());
        // The host steps ran as transient units outside pi-agent.service's sandbox, which stayed as shipped.
        Assert.Contains("pi-agent K3s step WriteK3SConfig", (await host.ExecAsync("journalctl --no-pager -o cat")).Output, StringComparison.Ordinal);
        Assert.Equal("strict", (await host.ExecAsync("systemctl show -p ProtectSystem --value pi-agent")).Output.Trim());
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Runs the steps in order as the plan does, collecting the paths they changed for RestartIfChanged.</summary>
    private static async Task<List<(InstallStep Step, StepResult Result)>> RunAllAsync(INodeTransport transport, IReadOnlyList<InstallStep> steps)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<(InstallStep, StepResult)>();
        foreach (var step in steps)
        {
            var result = await transport.RunAsync(step, changed, CancellationToken.None);
            if (result.Changed && step.Path is { } path)
            {
                changed.Add(path);
            }
            results.Add((step, result));
        }
        return results;
    }

    private static async Task ImportAsync(HubHarness hub, byte[] binary, byte[] images)
    {
        var checksums = ReleaseChecksums.Parse(Encoding.UTF8.GetBytes($"{Sha(binary)}  k3s\n{Sha(images)}  k3s-airgap-images-amd64.tar.zst\n"), "sha256sum-amd64.txt");
        using var import = hub.Get<K3sArtifactStore>().BeginImport("v1.33.4+k3s1", "amd64", checksums, "test");
        await import.AddAsync("k3s", new MemoryStream(binary), 10_000_000, CancellationToken.None);
        await import.AddAsync("k3s-airgap-images-amd64.tar.zst", new MemoryStream(images), 10_000_000, CancellationToken.None);
        import.Commit();
    }

    /// <summary>A veth from this process's network namespace onto the lab's bridge, so the in-process hub is on the hosts' wire at <paramref name="address"/>.</summary>
    private static void AttachToBridge(HostLab lab, string veth, string address)
    {
        var peer = veth.Replace("pat", "pab", StringComparison.Ordinal);
        NetworkLab.Ip("link", "add", veth, "type", "veth", "peer", "name", peer);
        NetworkLab.Ip("link", "set", peer, "netns", lab.Network.Bridge);
        NetworkLab.Ip("-n", lab.Network.Bridge, "link", "set", peer, "master", "br0");
        NetworkLab.Ip("-n", lab.Network.Bridge, "link", "set", peer, "up");
        NetworkLab.Ip("addr", "add", address + "/24", "dev", veth);
        NetworkLab.Ip("link", "set", veth, "up");
    }
}
