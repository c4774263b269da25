using System.Globalization;
using PiController.Agent.Platform;

namespace PiController.Agent.K3s;

/// <summary>
/// The host-level half of removing K3s, as k3s-killall.sh does it: end the containerd shims K3s left running, unmount
/// what they mounted, delete K3s's network namespaces, interfaces and firewall rules. Works on the live host only (a
/// test root has no processes, mounts or interfaces of its own): elsewhere each step is refused as unsupported.
/// Arguments were checked against the allow-list by the caller; the names handed to ip and umount are read here from
/// the system (/proc/self/mountinfo, /run/netns, /sys/class/net), never taken from the hub.
/// </summary>
internal sealed class K3sHostCleanup(SystemRoot root)
{
    /// <summary>The mount points of the host (field 5 of /proc/self/mountinfo, octal escapes decoded).</summary>
    public IReadOnlyList<string> MountPoints() => (root.ReadText("/proc/self/mountinfo") ?? "")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split(' '))
        .Where(f => f.Length > 4)
        .Select(f => Unescape(f[4]))
        .ToList();

    public (bool, string) KillContainerShims(string dataDirectory)
    {
        RequireHost();
        var prefix = dataDirectory + "/data/";
        var killed = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string? exe;
            try
            {
                exe = new FileInfo(Path.Join(entry, "exe")).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (exe is not null && exe.StartsWith(prefix, StringComparison.Ordinal) && Path.GetFileName(exe).StartsWith("containerd-shim", StringComparison.Ordinal))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                    killed.Add(pid);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // Ended between the listing and the kill.
                }
            }
        }
        return killed.Count == 0
            ? (false, "no containerd-shim of K3s was running")
            : (true, $"ended {killed.Count} containerd-shim process tree(s): {string.Join(", ", killed)}");
    }

    public async Task<(bool, string)> UnmountUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        RequireHost();
        var mounts = MountPoints().Where(m => m.StartsWith(prefix, StringComparison.Ordinal)).Distinct().OrderByDescending(m => m.Length).ToList();
        foreach (var mount in mounts)
        {
            await HostTool.RunCheckedAsync("umount", ["--lazy", "--", mount], cancellationToken).ConfigureAwait(false);
        }
        foreach (var mount in mounts)
        {
            if (File.Exists(mount))
            {
                File.Delete(mount);
            }
            else if (Directory.Exists(mount))
            {
                Directory.Delete(mount, recursive: true);
            }
        }
        return mounts.Count == 0 ? (false, $"nothing is mounted under {prefix}") : (true, $"unmounted and removed {string.Join(", ", mounts)}");
    }

    public async Task<(bool, string)> DeleteNetworkNamespacesAsync(string prefix, CancellationToken cancellationToken)
    {
        RequireHost();
        var names = Directory.Exists("/run/netns")
            ? Directory.EnumerateFileSystemEntries("/run/netns").Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList()
            : [];
        foreach (var name in names)
        {
            await HostTool.RunCheckedAsync("ip", ["netns", "delete", name], cancellationToken).ConfigureAwait(false);
        }
        return names.Count == 0 ? (false, $"no network namespace named {prefix}*") : (true, $"deleted the network namespaces {string.Join(", ", names)}");
    }

    public async Task<(bool, string)> DeleteInterfaceAsync(string name, CancellationToken cancellationToken)
    {
        RequireHost();
        if (!Directory.Exists($"/sys/class/net/{name}"))
        {
            return (false, $"there is no interface {name}");
        }
        await HostTool.RunCheckedAsync("ip", ["link", "delete", name], cancellationToken).ConfigureAwait(false);
        return (true, $"deleted the interface {name}");
    }

    public async Task<(bool, string)> DeleteBridgePortsAsync(string bridge, CancellationToken cancellationToken)
    {
        RequireHost();
        var ports = Directory.Exists($"/sys/class/net/{bridge}/brif")
            ? Directory.EnumerateFileSystemEntries($"/sys/class/net/{bridge}/brif").Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        foreach (var port in ports)
        {
            await HostTool.RunCheckedAsync("ip", ["link", "delete", port], cancellationToken).ConfigureAwait(false);
        }
        return ports.Count == 0 ? (false, $"no interface is attached to {bridge}") : (true, $"deleted {string.Join(", ", ports)} (attached to {bridge})");
    }

    /// <summary>iptables-save, leave out every line holding a marker, iptables-restore: k3s-killall.sh's way, for IPv4 and IPv6.</summary>
    public async Task<(bool, string)> RemoveFirewallRulesAsync(IReadOnlyList<string> markers, CancellationToken cancellationToken)
    {
        RequireHost();
        var removed = 0;
        foreach (var family in new[] { "iptables", "ip6tables" })
        {
            if (HostTool.Find(family + "-save") is null)
            {
                continue;
            }
            var rules = await HostTool.RunCheckedAsync(family + "-save", [], cancellationToken).ConfigureAwait(false);
            var lines = rules.Split('\n');
            var kept = lines.Where(l => !markers.Any(m => l.Contains(m, StringComparison.OrdinalIgnoreCase))).ToList();
            if (kept.Count == lines.Length)
            {
                continue;
            }
            removed += lines.Length - kept.Count;
            await HostTool.RunCheckedAsync(family + "-restore", [], cancellationToken, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', kept))).ConfigureAwait(false);
        }
        return removed == 0 ? (false, "no firewall rule of K3s's") : (true, $"removed {removed} firewall rule and chain line(s) of K3s's");
    }

    private void RequireHost()
    {
        if (root.Root != "/")
        {
            throw new K3sStepException(Protocol.Link.CommandError.Types.Code.Unsupported,
                $"processes, mounts, interfaces and firewall rules are the live host's; this agent reads a test root ({root.Root})");
        }
    }

    private static string Unescape(string field) => field.Contains('\\', StringComparison.Ordinal)
        ? System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString())
        : field;
}
