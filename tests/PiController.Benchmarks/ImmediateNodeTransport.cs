using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Benchmarks;

/// <summary>
/// A benchmark-only node transport that answers at once: the facts of a healthy Pi 4, typed steps applied to an
/// <see cref="ImmediateNode"/> (files kept, units started), and K3s at its edges (a started server has written its
/// kubeconfig), so a plan runs to Ready with no node-side time at all.
/// </summary>
internal sealed class ImmediateNodeTransport(string name, ImmediateNode node) : INodeTransport
{
    private const string Modules = "vxlan 81920 0 - Live 0x0\nbr_netfilter 32768 0 - Live 0x0\nbridge 274432 1 br_netfilter, Live 0x0\n";

    private const string Kubeconfig = "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: Q0E=\n    server: https://127.0.0.1:6443\n" +
        "  name: default\ncontexts:\n- context:\n    cluster: default\n    user: default\n  name: default\ncurrent-context: default\nkind: Config\n" +
        "users:\n- name: default\n  user:\n    client-certificate-data: Q0VSVA==\n    client-key-data: S0VZ\n";

    public string Description => "benchmark node " + name;

    public string? Address => "10.78.0." + (10 + (name.Sum(c => c) % 200)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<PreflightFacts> GatherFactsAsync(IReadOnlyList<string> otherHostnames, CancellationToken cancellationToken) => Task.FromResult(new PreflightFacts(
        Architecture: "aarch64", RevisionCode: 0xc03114, MemInfo: "MemTotal:        3881824 kB\n", CgroupControllers: "cpuset cpu io memory pids\n",
        ProcCgroups: null, CmdlinePath: "/boot/firmware/cmdline.txt",
        CmdlineText: "console=tty1 root=PARTUUID=2b8ac2e4-02 rootfstype=ext4 rootwait cgroup_memory=1 cgroup_enable=memory\n",
        Swaps: "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", IptablesVersion: "iptables v1.8.9 (nf_tables)\n",
        LoadedModules: Modules, BuiltinModules: "kernel/fs/overlayfs/overlay.ko\n", AvailableModules: "",
        Routes: "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n",
        ClockSkew: TimeSpan.Zero, FreeDiskBytes: 100UL << 30, Hostname: name, OtherHostnames: otherHostnames,
        TcpSockets: "", UdpSockets: "", RootDevice: "sda2", K3sRunning: false));

    public Task<StepResult> RunAsync(InstallStep step, IReadOnlySet<string> changedPaths, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case WriteFile write:
                var content = write.Content.Reveal();
                var changed = !(write.OnlyIfAbsent && node.Files.ContainsKey(write.FilePath)) && node.Files.GetValueOrDefault(write.FilePath) != content;
                if (changed)
                {
                    node.Files[write.FilePath] = content;
                }
                return Task.FromResult(StepResult.Done(changed));
            case PlaceBinary binary:
                var replaced = node.Files.GetValueOrDefault(binary.BinaryPath) != binary.Sha256;
                node.Files[binary.BinaryPath] = binary.Sha256;
                return Task.FromResult(StepResult.Done(replaced));
            case EnableNow enable:
                Start(enable.Unit);
                return Task.FromResult(StepResult.Done(true));
            case RestartIfChanged restart when restart.IsDue(changedPaths):
                Start(restart.Unit);
                return Task.FromResult(StepResult.Done(true));
            default:
                return Task.FromResult(StepResult.Done(false));
        }
    }

    public Task<string?> ReadK3sFileAsync(K3sFile file, CancellationToken cancellationToken) =>
        Task.FromResult(node.Files.GetValueOrDefault(K3sFiles.PathOf(file)));

    public Task<string> ServiceStateAsync(string unit, CancellationToken cancellationToken) =>
        Task.FromResult(node.Units.GetValueOrDefault(unit, "inactive"));

    public Task<string> BootIdAsync(CancellationToken cancellationToken) => Task.FromResult("boot-1");

    public Task FixBootCmdlineAndRebootAsync(string cmdlinePath, string text, CancellationToken cancellationToken) =>
        throw new NodeUnreachableException("a benchmark node needs no fix and does not reboot");

    public Task<EtcdSnapshotOutcome> EtcdSnapshotAsync(EtcdSnapshotRequest request, CancellationToken cancellationToken) =>
        throw new NodeUnreachableException($"{name} is a benchmark's in-process node: it has no etcd to snapshot");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Start(string unit)
    {
        if (unit == K3sLayout.Service(K3sRole.Server))
        {
            node.Files[K3sFiles.PathOf(K3sFile.Kubeconfig)] = Kubeconfig;
        }
        node.Units[unit] = "active";
    }
}
