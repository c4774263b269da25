using PiController.Testing.Hosts;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// What K3s leaves on a host, by K3s's own install and uninstall scripts (not by the provisioner's list): the paths,
/// and any file (not a folder) written since the host was made (its overlay's upper layer) whose path names K3s,
/// Rancher, the kubelet or CNI.
/// </summary>
internal static class K3sLeftovers
{
    public static readonly string[] Paths =
    [
        "/usr/local/bin/k3s", "/usr/local/bin/k3s.previous", "/usr/local/bin/kubectl", "/usr/local/bin/crictl", "/usr/local/bin/ctr",
        "/usr/local/bin/k3s-killall.sh", "/usr/local/bin/k3s-uninstall.sh", "/usr/local/bin/k3s-agent-uninstall.sh",
        "/etc/systemd/system/k3s.service", "/etc/systemd/system/k3s.service.env", "/etc/systemd/system/k3s-agent.service",
        "/etc/systemd/system/k3s-agent.service.env", "/etc/systemd/system/multi-user.target.wants/k3s.service",
        "/etc/systemd/system/multi-user.target.wants/k3s-agent.service", "/etc/rancher/k3s", "/etc/rancher/node", "/var/lib/rancher/k3s",
        "/var/lib/kubelet", "/run/k3s", "/run/flannel",
    ];

    private static readonly string[] Names = ["k3s", "rancher", "kubelet", "cni", "flannel", "kubectl", "crictl"];

    /// <summary>Every such path still on the host (from inside it, so its /run counts too).</summary>
    public static async Task<IReadOnlyList<string>> OnAsync(TestHost host)
    {
        var left = new List<string>();
        foreach (var path in Paths)
        {
            if ((await host.ExecAsync($"test -e {path} || test -L {path}")).ExitCode == 0)
            {
                left.Add(path);
            }
        }
        var upper = Path.Join(host.Directory, "upper");
        left.AddRange(Directory.EnumerateFileSystemEntries(upper, "*", SearchOption.AllDirectories)
            .Select(p => "/" + Path.GetRelativePath(upper, p))
            .Where(p => !p.StartsWith("/var/log/journal/", StringComparison.Ordinal) && Names.Any(n => p.Contains(n, StringComparison.OrdinalIgnoreCase)))
            .Where(p => !Directory.Exists(Path.Join(upper, p))));
        return left.Distinct().ToList();
    }
}
