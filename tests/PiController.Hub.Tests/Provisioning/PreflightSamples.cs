using PiController.Hub.Provisioning.Preflight;

namespace PiController.Hub.Tests.Provisioning;

/// <summary>Facts as a real Pi reports them: file texts copied in the shape the kernel writes them.</summary>
internal static class PreflightSamples
{
    public const uint Pi4With4Gb = 0xc03114;
    public const uint Pi4With2Gb = 0xb03114;
    public const uint Pi4With1Gb = 0xa03111;
    public const uint Zero2W = 0x902120;
    public const uint Pi5With8Gb = 0xd04170;

    public const string BookwormCmdline = "console=serial0,115200 console=tty1 root=PARTUUID=2b8ac2e4-02 rootfstype=ext4 fsck.repair=yes rootwait\n";

    public const string CgroupsWithoutMemory = """
        #subsys_name	hierarchy	num_cgroups	enabled
        cpuset	0	71	1
        cpu	0	71	1
        cpuacct	0	71	1
        blkio	0	71	1
        memory	0	71	0
        devices	0	71	1
        freezer	0	71	1
        net_cls	0	71	1
        perf_event	0	71	1
        net_prio	0	71	1
        pids	0	71	1

        """;

    public const string Modules = """
        vxlan 81920 0 - Live 0xffffffc001234000
        ip6_udp_tunnel 16384 1 vxlan, Live 0xffffffc001230000
        udp_tunnel 24576 1 vxlan, Live 0xffffffc00122a000
        br_netfilter 32768 0 - Live 0xffffffc0011e0000
        bridge 274432 1 br_netfilter, Live 0xffffffc001190000

        """;

    public const string Builtin = "kernel/fs/overlayfs/overlay.ko\nkernel/fs/ext4/ext4.ko\n";

    public const string ModulesDep = """
        kernel/drivers/net/vxlan/vxlan.ko.xz: kernel/net/ipv4/udp_tunnel.ko.xz kernel/net/ipv6/ip6_udp_tunnel.ko.xz
        kernel/net/bridge/br_netfilter.ko.xz: kernel/net/bridge/bridge.ko.xz kernel/net/llc/llc.ko.xz kernel/net/802/stp.ko.xz

        """;

    public const string Routes = """
        Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
        eth0	00000000	0101A8C0	0003	0	0	100	00000000	0	0	0
        eth0	0001A8C0	00000000	0001	0	0	100	00FFFFFF	0	0	0

        """;

    public const string TcpHeader = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    /// <summary>sshd on 22 and a resolver on 127.0.0.53:53 listening; an outgoing connection to a remote 6443; sshd on tcp6.</summary>
    public const string Tcp = TcpHeader + """
           0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 13523 1 0000000000000000 100 0 0 10 0
           1: 3500007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 12345 1 0000000000000000 100 0 0 10 5
           2: 0B01A8C0:D2F0 0A01A8C0:192B 01 00000000:00000000 02:000A7D8B 00000000  1000        0 23456 2 0000000000000000 20 4 30 10 -1
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 13525 1 0000000000000000 100 0 0 10 0

        """;

    public const string Udp = """
           sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
          556: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 13310 2 0000000000000000 0

        """;

    public const string NoSwap = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";

    /// <summary>A Pi 4 4GB on Raspberry Pi OS bookworm, booted from a USB SSD, cgroup v2 with memory: every check passes.</summary>
    public static PreflightFacts HealthyPi4() => new(
        Architecture: "aarch64",
        RevisionCode: Pi4With4Gb,
        MemInfo: "MemTotal:        3881824 kB\nMemFree:         3100000 kB\n",
        CgroupControllers: "cpuset cpu io memory pids\n",
        ProcCgroups: null,
        CmdlinePath: "/boot/firmware/cmdline.txt",
        CmdlineText: BookwormCmdline.TrimEnd('\n') + " cgroup_memory=1 cgroup_enable=memory\n",
        Swaps: NoSwap,
        IptablesVersion: "iptables v1.8.9 (nf_tables)\n",
        LoadedModules: Modules,
        BuiltinModules: Builtin,
        AvailableModules: ModulesDep,
        Routes: Routes,
        ClockSkew: TimeSpan.FromMilliseconds(300),
        FreeDiskBytes: 100UL * 1024 * 1024 * 1024,
        Hostname: "pi-one",
        OtherHostnames: ["pi-two", "pi-three"],
        TcpSockets: Tcp,
        UdpSockets: Udp,
        RootDevice: "sda2",
        K3sRunning: false);
}
