using Google.Protobuf.WellKnownTypes;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.K3s;

/// <summary>
/// Reads the raw texts the hub's preflight judges, from the live system (or a test root): nothing is interpreted
/// here beyond finding the right file, and a text that cannot be read is left absent. Changes nothing.
/// </summary>
internal sealed class PreflightFactReader(SystemRoot root, TimeProvider time)
{
    private static readonly string[] BootCmdlines = ["/boot/firmware/cmdline.txt", "/boot/cmdline.txt"];

    public async Task<PreflightFactTexts> ReadAsync(CancellationToken cancellationToken)
    {
        var facts = new PreflightFactTexts();
        Set(await MachineAsync(cancellationToken).ConfigureAwait(false), v => facts.Architecture = v);
        Set(Revision(root.ReadText("/proc/cpuinfo")), v => facts.RevisionCode = v);
        Set(root.ReadText("/proc/meminfo"), v => facts.Meminfo = v);
        Set(root.ReadText("/sys/fs/cgroup/cgroup.controllers"), v => facts.CgroupControllers = v);
        Set(root.ReadText("/proc/cgroups"), v => facts.ProcCgroups = v);
        // Bookworm's firmware reads /boot/firmware/cmdline.txt; there /boot/cmdline.txt is only a note that it moved.
        var cmdline = BootCmdlines.FirstOrDefault(p => File.Exists(root.PathOf(p)));
        if (cmdline is not null)
        {
            facts.CmdlinePath = cmdline;
            Set(root.ReadText(cmdline), v => facts.CmdlineText = v);
        }
        Set(root.ReadText("/proc/swaps"), v => facts.Swaps = v);
        Set(await IptablesVersionAsync(cancellationToken).ConfigureAwait(false), v => facts.IptablesVersion = v);
        Set(root.ReadText("/proc/modules"), v => facts.LoadedModules = v);
        var release = root.ReadText("/proc/sys/kernel/osrelease")?.Trim();
        if (!string.IsNullOrEmpty(release) && !release.Contains('/', StringComparison.Ordinal))
        {
            Set(root.ReadText($"/lib/modules/{release}/modules.builtin"), v => facts.BuiltinModules = v);
            Set(root.ReadText($"/lib/modules/{release}/modules.dep"), v => facts.AvailableModules = v);
        }
        Set(root.ReadText("/proc/net/route"), v => facts.Routes = v);
        if (FreeBytes(root.PathOf(K3sPaths.DataDirectory)) is { } free)
        {
            facts.FreeDiskBytes = free;
        }
        Set((root.ReadText("/proc/sys/kernel/hostname") ?? root.ReadText("/etc/hostname"))?.Trim(), v => facts.Hostname = v);
        Set(Joined("/proc/net/tcp", "/proc/net/tcp6"), v => facts.TcpSockets = v);
        Set(Joined("/proc/net/udp", "/proc/net/udp6"), v => facts.UdpSockets = v);
        Set(RootDevice(), v => facts.RootDevice = v);
        facts.K3SRunning = await K3sRunningAsync(cancellationToken).ConfigureAwait(false);
        Set(root.ReadText("/proc/sys/kernel/random/boot_id")?.Trim(), v => facts.BootId = v);
        facts.AgentClock = Timestamp.FromDateTimeOffset(time.GetUtcNow());
        return facts;
    }

    private static void Set(string? value, Action<string> set)
    {
        if (!string.IsNullOrEmpty(value))
        {
            set(value);
        }
    }

    /// <summary>The hex digits of the Revision line of /proc/cpuinfo.</summary>
    private static string? Revision(string? cpuinfo) => cpuinfo?.Split('\n')
        .Where(l => l.StartsWith("Revision", StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
        .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
        .FirstOrDefault(v => v.Length > 0 && v.All(char.IsAsciiHexDigit));

    private string? Joined(string v4, string v6) => root.ReadText(v4) is { } first ? first + (root.ReadText(v6) ?? "") : root.ReadText(v6);

    /// <summary>Free bytes of the file system holding <paramref name="path"/>, or of its nearest existing parent.</summary>
    private static ulong? FreeBytes(string path)
    {
        var directory = path;
        while (!Directory.Exists(directory))
        {
            var parent = Path.GetDirectoryName(directory);
            if (parent is null || parent == directory)
            {
                return null;
            }
            directory = parent;
        }
        try
        {
            return (ulong)new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The device of the mount at "/" (field 10 of /proc/self/mountinfo), its /dev/ prefix left out.</summary>
    private string? RootDevice() => (root.ReadText("/proc/self/mountinfo") ?? "").Split('\n')
        .Select(l => l.Split(' '))
        .Where(f => f.Length > 9 && f[4] == "/")
        .Select(f => f[Array.IndexOf(f, "-") + 2])
        .LastOrDefault()?.Replace("/dev/", "", StringComparison.Ordinal);

    /// <summary><c>uname -m</c> on the live host; a test root's /proc/sys/kernel/arch.</summary>
    private async Task<string?> MachineAsync(CancellationToken cancellationToken)
    {
        if (root.Root != "/")
        {
            return root.ReadText("/proc/sys/kernel/arch")?.Trim();
        }
        var result = await HostTool.RunAsync("uname", ["-m"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Output.Trim() : null;
    }

    private async Task<string?> IptablesVersionAsync(CancellationToken cancellationToken)
    {
        if (root.Root != "/" || HostTool.Find("iptables") is null)
        {
            return null;
        }
        var result = await HostTool.RunAsync("iptables", ["--version"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Output.Trim() : null;
    }

    private async Task<bool> K3sRunningAsync(CancellationToken cancellationToken)
    {
        if (root.Root != "/" || HostTool.Find("systemctl") is null)
        {
            return false;
        }
        foreach (var unit in K3sPaths.Units)
        {
            var state = await HostTool.RunAsync("systemctl", ["is-active", unit + ".service"], cancellationToken).ConfigureAwait(false);
            if (state.Output.Trim() is "active" or "activating" or "reloading")
            {
                return true;
            }
        }
        return false;
    }
}
