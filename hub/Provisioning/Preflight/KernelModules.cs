namespace PiController.Hub.Provisioning.Preflight;

/// <summary>
/// Whether a kernel module can be had: loaded (/proc/modules), built into the kernel (modules.builtin) or available
/// to modprobe (modules.dep). Names compare with '-' and '_' alike, as modprobe does.
/// </summary>
internal static class KernelModules
{
    public static bool Present(string module, string? loaded, string? builtin, string? available)
    {
        var name = Normalize(module);
        return Names(loaded, l => l.Split(' ', 2)[0]).Contains(name)
            || Names(builtin, FileName).Contains(name)
            || Names(available, l => FileName(l.Split(':', 2)[0])).Contains(name);
    }

    private static HashSet<string> Names(string? text, Func<string, string> name) => text is null
        ? []
        : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => Normalize(name(l))).ToHashSet(StringComparer.Ordinal);

    /// <summary>kernel/drivers/net/vxlan/vxlan.ko.xz -> vxlan</summary>
    private static string FileName(string path)
    {
        var file = path[(path.LastIndexOf('/') + 1)..];
        var ko = file.IndexOf(".ko", StringComparison.Ordinal);
        return ko < 0 ? file : file[..ko];
    }

    private static string Normalize(string name) => name.Replace('-', '_');
}
