using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Preflight;

/// <summary>The checks of the node's networking: iptables, kernel modules, the default route and K3s's ports.</summary>
internal static class PreflightNetworkRules
{
    /// <summary>The TCP ports a node of each role needs free, with what uses them (docs.k3s.io, networking requirements).</summary>
    private static readonly (int Port, string Use, bool ServerOnly)[] TcpPorts =
    [
        (6443, "the K3s supervisor and Kubernetes API", true),
        (2379, "etcd clients", true),
        (2380, "etcd peers", true),
        (10250, "the kubelet", false),
    ];

    private const int FlannelVxlanPort = 8472;

    public static IEnumerable<PreflightFinding> Evaluate(PreflightFacts facts, K3sRole role)
    {
        yield return Iptables(facts.IptablesVersion);
        foreach (var (module, use) in new[] { ("vxlan", "flannel's VXLAN network between nodes"), ("overlay", "containerd's overlayfs snapshotter"), ("br_netfilter", "Kubernetes Services on the pod bridge") })
        {
            yield return KernelModules.Present(module, facts.LoadedModules, facts.BuiltinModules, facts.AvailableModules)
                ? new($"module {module}", FindingLevel.Ok, $"{module} is available")
                : new($"module {module}", FindingLevel.Refusal, $"the kernel module {module} ({use}) is not available; install the kernel's extra modules " +
                    "(on Ubuntu for the Pi: sudo apt install linux-modules-extra-raspi) and run again");
        }
        yield return facts.Routes is null
            ? new("default-route", FindingLevel.Warning, "/proc/net/route could not be read")
            : ProcNet.HasDefaultRoute(facts.Routes)
                ? new("default-route", FindingLevel.Ok, "a default route is set")
                : new("default-route", FindingLevel.Refusal, "no default route: K3s needs one even without internet access (air-gapped); " +
                    "add one, a route to an unused address of the local network will do (sudo ip route add default via ADDRESS)");
        yield return Ports(facts, role);
    }

    private static PreflightFinding Iptables(string? text)
    {
        if (text is null)
        {
            return new("iptables", FindingLevel.Ok, "no iptables on the host; K3s uses its bundled one");
        }
        var version = IptablesVersion.Parse(text);
        return version switch
        {
            null => new("iptables", FindingLevel.Warning, $"iptables --version said \"{text.Trim()}\", which is not understood"),
            { DuplicatesRules: true } => new("iptables", FindingLevel.Warning, $"iptables {version} duplicates rules without end (k3s-io/k3s#3117); " +
                "the plan sets prefer-bundled-bin: true, so K3s uses its own iptables (or switch the host to iptables-legacy)"),
            _ => new("iptables", FindingLevel.Ok, $"iptables {version}"),
        };
    }

    /// <summary>True when the iptables finding asks the plan for <c>prefer-bundled-bin</c>.</summary>
    public static bool NeedsBundledIptables(PreflightFacts facts) => IptablesVersion.Parse(facts.IptablesVersion)?.DuplicatesRules == true;

    private static PreflightFinding Ports(PreflightFacts facts, K3sRole role)
    {
        if (facts.K3sRunning)
        {
            return new("ports", FindingLevel.Ok, "K3s already runs on this node; the ports it holds are its own");
        }
        if (facts.TcpSockets is null || facts.UdpSockets is null)
        {
            return new("ports", FindingLevel.Warning, "the node's sockets (/proc/net/tcp, /proc/net/udp) could not be read");
        }
        var tcp = ProcNet.ListeningTcpPorts(facts.TcpSockets);
        var taken = TcpPorts.Where(p => (role == K3sRole.Server || !p.ServerOnly) && tcp.Contains(p.Port)).Select(p => $"{p.Port}/tcp ({p.Use})").ToList();
        if (ProcNet.BoundUdpPorts(facts.UdpSockets).Contains(FlannelVxlanPort))
        {
            taken.Add($"{FlannelVxlanPort}/udp (flannel VXLAN)");
        }
        return taken.Count == 0
            ? new("ports", FindingLevel.Ok, role == K3sRole.Server ? "6443, 2379-2380, 10250/tcp and 8472/udp are free" : "10250/tcp and 8472/udp are free")
            : new("ports", FindingLevel.Refusal, $"in use by another program: {string.Join(", ", taken)}; stop it (sudo ss -lntup shows which) and run again");
    }
}
