namespace PiController.Hub.Provisioning.Preflight;

/// <summary>
/// What a node's live system says, as the texts of the files and commands that say it; gathered on the node (by the
/// agent, or over SSH) and judged here by <see cref="PreflightRules"/>. A null fact could not be read and is reported
/// as unknown, never guessed.
/// </summary>
/// <param name="Architecture"><c>uname -m</c>: aarch64, armv7l, x86_64 ...</param>
/// <param name="RevisionCode">The Raspberry Pi revision code (/proc/cpuinfo), when the node is a Pi.</param>
/// <param name="MemInfo">/proc/meminfo, for a board without a revision code.</param>
/// <param name="CgroupControllers">/sys/fs/cgroup/cgroup.controllers (cgroup v2); null on a cgroup v1 system.</param>
/// <param name="ProcCgroups">/proc/cgroups.</param>
/// <param name="CmdlinePath">The cmdline.txt the firmware reads: /boot/firmware/cmdline.txt (bookworm) or /boot/cmdline.txt (older); null when neither exists.</param>
/// <param name="CmdlineText">Its content.</param>
/// <param name="Swaps">/proc/swaps.</param>
/// <param name="IptablesVersion"><c>iptables --version</c>; null when there is no iptables on the host.</param>
/// <param name="LoadedModules">/proc/modules.</param>
/// <param name="BuiltinModules">/lib/modules/$(uname -r)/modules.builtin.</param>
/// <param name="AvailableModules">/lib/modules/$(uname -r)/modules.dep.</param>
/// <param name="Routes">/proc/net/route.</param>
/// <param name="ClockSkew">The node's clock minus the hub's, measured by the transport.</param>
/// <param name="FreeDiskBytes">Free bytes of the file system holding /var/lib/rancher.</param>
/// <param name="Hostname">The node's hostname.</param>
/// <param name="OtherHostnames">The hostnames of the cluster's other nodes.</param>
/// <param name="TcpSockets">/proc/net/tcp and /proc/net/tcp6, one after the other.</param>
/// <param name="UdpSockets">/proc/net/udp and /proc/net/udp6.</param>
/// <param name="RootDevice">The block device the root file system is on (mmcblk0p2, sda2, nvme0n1p2).</param>
/// <param name="K3sRunning">True when a K3s unit already runs on the node (a re-run): its ports are its own.</param>
internal sealed record PreflightFacts(
    string? Architecture,
    uint? RevisionCode,
    string? MemInfo,
    string? CgroupControllers,
    string? ProcCgroups,
    string? CmdlinePath,
    string? CmdlineText,
    string? Swaps,
    string? IptablesVersion,
    string? LoadedModules,
    string? BuiltinModules,
    string? AvailableModules,
    string? Routes,
    TimeSpan? ClockSkew,
    ulong? FreeDiskBytes,
    string? Hostname,
    IReadOnlyList<string> OtherHostnames,
    string? TcpSockets,
    string? UdpSockets,
    string? RootDevice,
    bool K3sRunning);
