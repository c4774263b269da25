using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Tests.Provisioning;

public sealed class K3sUninstallTests
{
    [Fact]
    public void An_agents_uninstall_removes_exactly_these_paths_in_this_order()
    {
        Assert.Equal(
        [
            "/etc/systemd/system/k3s-agent.service",
            "/etc/systemd/system/k3s-agent.service.env",
            "/usr/local/bin/kubectl",
            "/usr/local/bin/crictl",
            "/usr/local/bin/ctr",
            "/etc/rancher/k3s",
            "/run/k3s",
            "/run/flannel",
            "/var/lib/rancher/k3s",
            "/var/lib/kubelet",
            "/var/lib/cni",
            "/usr/local/bin/k3s",
            "/usr/local/bin/k3s.previous",
        ], K3sUninstall.RemovedPaths(K3sRole.Agent));
    }

    [Fact]
    public void Every_path_the_install_writes_is_removed_by_the_uninstall()
    {
        var ca = Hub.Provisioning.Trust.ClusterCa.Create(DateTimeOffset.UnixEpoch.AddYears(56));
        var node = new K3sNodeSpec(K3sRole.Server, "n", null, ["10.0.0.1"], new Dictionary<string, string>(), 4096, PreferBundledBin: false);
        var written = K3sInstall.Steps(node, new K3sClusterSpec([]), new K3sArtifacts(new string('a', 64), "i.tar.zst", new string('b', 64)), ca,
            Hub.Provisioning.Trust.ClusterSecrets.Generate()).Select(s => s.Path).OfType<string>();
        var removed = K3sUninstall.RemovedPaths(K3sRole.Server);

        var left = written.Where(path => !removed.Any(r => path == r || path.StartsWith(r + "/", StringComparison.Ordinal))).ToList();

        Assert.Empty(left);
    }

    [Fact]
    public void The_dry_run_stops_K3s_and_its_containers_before_removing_files()
    {
        var text = InstallStepText.Render(K3sUninstall.Steps(K3sRole.Server));

        Assert.StartsWith("""
             1. systemctl disable --now k3s; systemctl reset-failed k3s
             2. kill the containerd-shim processes of /var/lib/rancher/k3s/data/*/bin and their children
             3. unmount and remove every mount under /run/k3s
             4. unmount and remove every mount under /var/lib/kubelet/pods
             5. unmount and remove every mount under /var/lib/kubelet/plugins
             6. unmount and remove every mount under /run/netns/cni-
             7. delete the network namespaces cni-*
             8. delete the interfaces attached to cni0
             9. delete the network interface cni0
            10. delete the network interface flannel.1
            11. delete the network interface flannel-v6.1
            12. delete the network interface kube-ipvs0
            13. delete the network interface flannel-wg
            14. delete the network interface flannel-wg-v6
            15. remove the iptables and ip6tables rules matching KUBE-, CNI-, flannel
            16. remove /etc/systemd/system/k3s.service
            17. remove /etc/systemd/system/k3s.service.env
            18. systemctl daemon-reload
            19. remove /usr/local/bin/kubectl (if a symbolic link)

            """, text, StringComparison.Ordinal);
    }
}
