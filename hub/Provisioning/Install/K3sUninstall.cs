namespace PiController.Hub.Provisioning.Install;

/// <summary>
/// The steps that remove K3s from a node: what <see cref="K3sInstall"/> placed, and what K3s itself creates, as
/// k3s-killall.sh and k3s-uninstall.sh remove it. The order matters: stop the service, end the containers it left
/// running (KillMode=process), unmount and remove what they mounted, delete K3s's network namespaces, interfaces and
/// firewall rules, then the files. A node runs one K3s unit (the hub never installs both), so the shared files go
/// with it. The list is complete: <see cref="RemovedPaths"/> is what a node holds of K3s afterwards: nothing.
/// </summary>
internal static class K3sUninstall
{
    /// <summary>Mount points k3s-killall.sh unmounts (and removes) before anything else.</summary>
    public static readonly IReadOnlyList<string> MountPrefixes = ["/run/k3s", "/var/lib/kubelet/pods", "/var/lib/kubelet/plugins", "/run/netns/cni-"];

    /// <summary>The interfaces flannel, the CNI bridge and kube-proxy create.</summary>
    public static readonly IReadOnlyList<string> Interfaces = ["cni0", "flannel.1", "flannel-v6.1", "kube-ipvs0", "flannel-wg", "flannel-wg-v6"];

    /// <summary>Rules are removed by these markers in their text (KUBE- and CNI- chains, flannel's rules in any case).</summary>
    public static readonly IReadOnlyList<string> FirewallMarkers = ["KUBE-", "CNI-", "flannel"];

    /// <summary>Directories removed whole: K3s's configuration, its run state, flannel's, its data (images, etcd, certificates, the installed
    /// CA files), the kubelet's, and the CNI plugins' state.</summary>
    public static readonly IReadOnlyList<string> Directories =
        [K3sLayout.ConfigDirectory, "/run/k3s", "/run/flannel", K3sLayout.DataDirectory, "/var/lib/kubelet", "/var/lib/cni"];

    public static IReadOnlyList<InstallStep> Steps(K3sRole role)
    {
        var steps = new List<InstallStep>
        {
            new DisableNow(K3sLayout.Service(role)),
            new KillContainerShims(K3sLayout.DataDirectory),
        };
        steps.AddRange(MountPrefixes.Select(p => new UnmountUnder(p)));
        steps.Add(new DeleteNetworkNamespaces("cni-"));
        steps.Add(new DeleteBridgePorts("cni0"));
        steps.AddRange(Interfaces.Select(i => new DeleteNetworkInterface(i)));
        steps.Add(new RemoveFirewallRules(FirewallMarkers));
        steps.Add(new RemoveFile(K3sLayout.UnitFile(role)));
        steps.Add(new RemoveFile(K3sLayout.EnvironmentFile(role)));
        steps.Add(new DaemonReload());
        steps.AddRange(K3sLayout.Symlinks.Select(name => new RemoveFile($"{K3sLayout.BinDirectory}/{name}", OnlySymlink: true)));
        steps.AddRange(Directories.Select(d => new RemoveDirectory(d)));
        steps.Add(new RemoveFile(K3sLayout.Binary));
        steps.Add(new RemoveFile(K3sLayout.Binary + ".previous"));
        return steps;
    }

    /// <summary>Every path the uninstall removes, in order: the documented list.</summary>
    public static IReadOnlyList<string> RemovedPaths(K3sRole role) =>
        Steps(role).Where(s => s is RemoveFile or RemoveDirectory).Select(s => s.Path!).ToList();
}
