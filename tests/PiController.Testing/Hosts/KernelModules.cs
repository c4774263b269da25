using System.IO.Compression;

namespace PiController.Testing.Hosts;

/// <summary>
/// What a host reads about the kernel's modules. A container shares the machine's kernel but not its /lib/modules:
/// where the machine has /lib/modules/RELEASE, a host gets the same files (copied once per host); where the kernel
/// has no module support at all (a VM kernel with everything built in and no /lib/modules), the host gets a
/// modules.builtin written from /proc/config.gz, listing the built-in modules a K3s preflight asks about. Never
/// claims a module the kernel lacks.
/// </summary>
internal static class KernelModules
{
    private static readonly (string Config, string Path)[] Known =
    [
        ("CONFIG_VXLAN", "kernel/drivers/net/vxlan/vxlan.ko"),
        ("CONFIG_OVERLAY_FS", "kernel/fs/overlayfs/overlay.ko"),
        ("CONFIG_BRIDGE", "kernel/net/bridge/bridge.ko"),
        ("CONFIG_BRIDGE_NETFILTER", "kernel/net/bridge/br_netfilter.ko"),
        ("CONFIG_NF_CONNTRACK", "kernel/net/netfilter/nf_conntrack.ko"),
        ("CONFIG_IP_TABLES", "kernel/net/ipv4/netfilter/ip_tables.ko"),
    ];

    /// <summary>Writes the host's /lib/modules/RELEASE/modules.builtin (and modules.dep) as described above.</summary>
    public static async Task WriteAsync(TestHost host)
    {
        var release = (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease").ConfigureAwait(false)).Trim();
        var target = Directory.CreateDirectory(host.File($"/lib/modules/{release}")).FullName;
        var machine = $"/lib/modules/{release}";
        if (Directory.Exists(machine))
        {
            foreach (var name in new[] { "modules.builtin", "modules.dep" }.Where(n => File.Exists(Path.Join(machine, n))))
            {
                File.Copy(Path.Join(machine, name), Path.Join(target, name), overwrite: true);
            }
            return;
        }
        if (!File.Exists("/proc/config.gz"))
        {
            return;
        }
        await using var gzip = new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var builtIn = (await reader.ReadToEndAsync().ConfigureAwait(false)).Split('\n').Where(l => l.EndsWith("=y", StringComparison.Ordinal))
            .Select(l => l[..^2]).ToHashSet(StringComparer.Ordinal);
        await File.WriteAllLinesAsync(Path.Join(target, "modules.builtin"), Known.Where(k => builtIn.Contains(k.Config)).Select(k => k.Path)).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Join(target, "modules.dep"), "").ConfigureAwait(false);
    }
}
