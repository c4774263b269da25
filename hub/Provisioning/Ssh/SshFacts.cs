using System.Globalization;
using PiController.Hub.Provisioning.Preflight;
using PiController.Protocol.Hardware;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>
/// The preflight's facts over SSH in one round trip: one fixed script (no input, no secret, run as the login user:
/// everything it reads is world-readable) prints each fact as a section <c>@@pi-controller NAME</c>, only when its
/// command succeeded; a missing section is a fact that could not be read (null), never a guess.
/// </summary>
internal static class SshFacts
{
    public const string Marker = "@@pi-controller ";

    /// <summary>The script, exactly; the node's clock comes first, so the hub's clock read just before and after bounds the skew.</summary>
    public const string Script = """
        s() { name=$1; shift; if out=$("$@" 2>/dev/null); then printf '@@pi-controller %s\n%s\n' "$name" "$out"; fi; }
        s clock date +%s.%N
        s architecture uname -m
        s model cat /proc/device-tree/model
        s cpuinfo cat /proc/cpuinfo
        s meminfo cat /proc/meminfo
        s cgroup-controllers cat /sys/fs/cgroup/cgroup.controllers
        s proc-cgroups cat /proc/cgroups
        s cmdline-firmware cat /boot/firmware/cmdline.txt
        s cmdline-boot cat /boot/cmdline.txt
        s swaps cat /proc/swaps
        s iptables iptables --version
        s modules cat /proc/modules
        s modules-builtin cat "/lib/modules/$(uname -r)/modules.builtin"
        s modules-dep cat "/lib/modules/$(uname -r)/modules.dep"
        s routes cat /proc/net/route
        s free-disk sh -c 'd=/var/lib/rancher; while [ ! -e "$d" ]; do d=$(dirname "$d"); done; df -P -B1 "$d" | awk "NR==2 {print \$4}"'
        s hostname cat /proc/sys/kernel/hostname
        s tcp sh -c 'cat /proc/net/tcp; cat /proc/net/tcp6 2>/dev/null || true'
        s udp sh -c 'cat /proc/net/udp; cat /proc/net/udp6 2>/dev/null || true'
        s root-device findmnt -n -o SOURCE /
        s k3s-running systemctl is-active --quiet k3s k3s-agent
        exit 0
        """;

    /// <summary>The sections of the script's output by name.</summary>
    public static Dictionary<string, string> Sections(string output)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        var text = new System.Text.StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                Close();
                name = line[Marker.Length..];
                text.Clear();
            }
            else if (name is not null)
            {
                text.Append(line).Append('\n');
            }
        }
        Close();
        return sections;

        void Close()
        {
            if (name is not null)
            {
                // printf added one line break after the command's output, whose own trailing breaks $() removed.
                sections[name] = text.ToString().TrimEnd('\n');
            }
        }
    }

    /// <param name="output">The script's stdout.</param>
    /// <param name="before">The hub's clock just before the script was sent.</param>
    /// <param name="after">The hub's clock when its output had arrived.</param>
    /// <param name="otherHostnames">The cluster's other nodes, copied into the facts.</param>
    public static PreflightFacts Parse(string output, DateTimeOffset before, DateTimeOffset after, IReadOnlyList<string> otherHostnames)
    {
        var s = Sections(output);
        string? Get(string name) => s.TryGetValue(name, out var value) ? value : null;
        var cmdlinePath = s.ContainsKey("cmdline-firmware") ? "/boot/firmware/cmdline.txt" : s.ContainsKey("cmdline-boot") ? "/boot/cmdline.txt" : null;
        var isPi = Get("model")?.Contains("Raspberry Pi", StringComparison.Ordinal) == true;
        return new PreflightFacts(
            Architecture: Get("architecture")?.Trim(),
            RevisionCode: isPi ? RevisionCode.Parse(Field(Get("cpuinfo"), "Revision"))?.Value : null,
            MemInfo: Get("meminfo"),
            CgroupControllers: Get("cgroup-controllers"),
            ProcCgroups: Get("proc-cgroups"),
            CmdlinePath: cmdlinePath,
            CmdlineText: cmdlinePath is null ? null : Get(cmdlinePath == "/boot/firmware/cmdline.txt" ? "cmdline-firmware" : "cmdline-boot"),
            Swaps: Get("swaps"),
            IptablesVersion: Get("iptables")?.Trim(),
            LoadedModules: Get("modules"),
            BuiltinModules: Get("modules-builtin"),
            AvailableModules: Get("modules-dep"),
            Routes: Get("routes"),
            ClockSkew: Skew(Get("clock"), before, after),
            FreeDiskBytes: ulong.TryParse(Get("free-disk")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var free) ? free : null,
            Hostname: Get("hostname")?.Trim(),
            OtherHostnames: otherHostnames,
            TcpSockets: Get("tcp"),
            UdpSockets: Get("udp"),
            RootDevice: Get("root-device")?.Trim(),
            K3sRunning: s.ContainsKey("k3s-running"));
    }

    /// <summary>The node's clock minus the middle of the hub's round trip; null when the node's answer is not a time.</summary>
    public static TimeSpan? Skew(string? clock, DateTimeOffset before, DateTimeOffset after)
    {
        if (!decimal.TryParse(clock?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }
        var node = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return node - (before + ((after - before) / 2));
    }

    private static string? Field(string? cpuinfo, string name) => cpuinfo?.Split('\n')
        .Select(line => line.Split(':', 2))
        .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
        .Select(parts => parts[1].Trim())
        .LastOrDefault();
}
