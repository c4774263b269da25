using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using static PiController.Hub.Tests.Provisioning.PreflightSamples;

namespace PiController.Hub.Tests.Provisioning;

public sealed class PreflightRulesTests
{
    [Fact]
    public void A_healthy_Pi_4_server_on_an_SSD_passes_every_check()
    {
        var findings = PreflightRules.Evaluate(HealthyPi4(), K3sRole.Server);

        Assert.Equal(["architecture", "memory", "memory-cgroup", "swap", "clock", "disk", "hostname", "storage", "iptables",
            "module vxlan", "module overlay", "module br_netfilter", "default-route", "ports"], findings.Select(f => f.Check));
        Assert.All(findings, f => Assert.True(f.Level == FindingLevel.Ok, $"{f.Check}: {f.Message}"));
        Assert.Equal("4 GB", Find(findings, "memory").Message);
        Assert.Equal("6443, 2379-2380, 10250/tcp and 8472/udp are free", Find(findings, "ports").Message);
    }

    [Theory]
    [InlineData(Pi4With4Gb, "Server", "Ok")]
    [InlineData(Pi4With2Gb, "Server", "Ok")]
    [InlineData(Pi4With1Gb, "Server", "Warning")]
    [InlineData(Zero2W, "Server", "Refusal")]
    [InlineData(Pi5With8Gb, "Server", "Ok")]
    [InlineData(Pi4With1Gb, "Agent", "Ok")]
    [InlineData(Zero2W, "Agent", "Warning")]
    public void Board_memory_comes_from_the_revision_code_servers_below_2_GB_warned_below_1_GB_refused_agents_below_1_GB_warned(uint revision, string role, string level)
    {
        var finding = Find(PreflightRules.Evaluate(HealthyPi4() with { RevisionCode = revision }, Enum.Parse<K3sRole>(role)), "memory");

        Assert.Equal(level, finding.Level.ToString());
    }

    [Fact]
    public void A_Zero_2_W_is_refused_as_a_server_with_what_to_do_instead()
    {
        var finding = Find(PreflightRules.Evaluate(HealthyPi4() with { RevisionCode = Zero2W }, K3sRole.Server), "memory");

        Assert.Equal("512 MB: a K3s server with embedded etcd needs 2 GB and cannot run in less than 1 GB; make this node an agent", finding.Message);
    }

    [Fact]
    public void A_board_without_a_revision_code_is_judged_by_MemTotal_and_says_so()
    {
        var finding = Find(PreflightRules.Evaluate(HealthyPi4() with { RevisionCode = null }, K3sRole.Server), "memory");

        Assert.Equal((FindingLevel.Ok, "3790 MB (MemTotal)"), (finding.Level, finding.Message));
    }

    [Fact]
    public void A_Pi_5_with_the_cmdline_flags_but_no_memory_cgroup_is_refused_without_a_fix()
    {
        var facts = HealthyPi4() with { RevisionCode = Pi5With8Gb, CgroupControllers = "cpuset cpu io pids\n", ProcCgroups = CgroupsWithoutMemory };

        var finding = Find(PreflightRules.Evaluate(facts, K3sRole.Server), "memory-cgroup");

        Assert.Equal(FindingLevel.Refusal, finding.Level);
        Assert.Null(finding.Fix);
        Assert.Contains("has cgroup_memory=1 cgroup_enable=memory but the kernel still runs without the memory cgroup", finding.Message, StringComparison.Ordinal);
        Assert.Contains("k3s-io/k3s#8890", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_cmdline_flags_are_refused_with_the_exact_new_line_that_fix_writes()
    {
        var facts = HealthyPi4() with { CgroupControllers = "cpuset cpu io pids\n", CmdlineText = BookwormCmdline };

        var finding = Find(PreflightRules.Evaluate(facts, K3sRole.Agent), "memory-cgroup");

        Assert.Equal(FindingLevel.Refusal, finding.Level);
        Assert.Equal(new CmdlineFix("/boot/firmware/cmdline.txt",
            "console=serial0,115200 console=tty1 root=PARTUUID=2b8ac2e4-02 rootfstype=ext4 fsck.repair=yes rootwait cgroup_memory=1 cgroup_enable=memory\n"), finding.Fix);
        Assert.Equal("the memory cgroup controller is off: /boot/firmware/cmdline.txt lacks cgroup_memory=1 cgroup_enable=memory; run again with --fix to add it " +
            "and reboot the node, or add it to the file's single line yourself and reboot", finding.Message);
    }

    [Theory]
    [InlineData("cpuset cpu io memory pids\n", null, true)]
    [InlineData("cpuset cpu io pids\n", CgroupsWithoutMemory, false)]
    [InlineData(null, "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t4\t90\t1\n", true)]
    [InlineData(null, CgroupsWithoutMemory, false)]
    [InlineData("cpuset cpu io pids\n", null, false)]
    [InlineData(null, null, null)]
    public void The_memory_cgroup_is_read_from_cgroup_v2_controllers_else_from_proc_cgroups(string? controllers, string? procCgroups, bool? enabled)
    {
        Assert.Equal(enabled, CgroupState.MemoryEnabled(controllers, procCgroups));
    }

    [Theory]
    [InlineData("a b cgroup_memory=1\n", "a b cgroup_memory=1 cgroup_enable=memory\n")]
    [InlineData("a b cgroup_enable=memory cgroup_memory=1\n", "a b cgroup_enable=memory cgroup_memory=1\n")]
    [InlineData("a b  \r\nsecond line cgroup_enable=memory\n", "a b cgroup_memory=1 cgroup_enable=memory\n")]
    [InlineData("", "cgroup_memory=1 cgroup_enable=memory\n")]
    public void The_fixed_cmdline_is_the_first_line_with_the_missing_flags_appended(string before, string after)
    {
        Assert.Equal(after, BootCmdline.WithMemoryFlags(before));
    }

    [Theory]
    [InlineData("iptables v1.8.2 (nf_tables)\n", "Warning", true)]
    [InlineData("iptables v1.8.4 (nf_tables)", "Warning", true)]
    [InlineData("iptables v1.8.2 (legacy)", "Ok", false)]
    [InlineData("iptables v1.8.5 (nf_tables)", "Ok", false)]
    [InlineData("iptables v1.8.9 (nf_tables)", "Ok", false)]
    [InlineData("iptables v1.6.1", "Ok", false)]
    [InlineData(null, "Ok", false)]
    [InlineData("command not found", "Warning", false)]
    public void Iptables_1_8_0_to_1_8_4_in_nft_mode_asks_for_the_bundled_binaries(string? version, string level, bool bundled)
    {
        var facts = HealthyPi4() with { IptablesVersion = version };

        Assert.Equal(level, Find(PreflightRules.Evaluate(facts, K3sRole.Agent), "iptables").Level.ToString());
        Assert.Equal(bundled, PreflightNetworkRules.NeedsBundledIptables(facts));
    }

    [Fact]
    public void A_kernel_without_vxlan_is_refused_with_the_package_that_has_it()
    {
        var facts = HealthyPi4() with { LoadedModules = "overlay 139264 0 - Live 0x0\n", BuiltinModules = "", AvailableModules = "" };

        var findings = PreflightRules.Evaluate(facts, K3sRole.Agent);

        Assert.Equal(FindingLevel.Refusal, Find(findings, "module vxlan").Level);
        Assert.Contains("linux-modules-extra-raspi", Find(findings, "module vxlan").Message, StringComparison.Ordinal);
        Assert.Equal(FindingLevel.Ok, Find(findings, "module overlay").Level);
        Assert.Equal(FindingLevel.Refusal, Find(findings, "module br_netfilter").Level);
    }

    [Theory]
    [InlineData("vxlan", null, null, ModulesDep, true)]
    [InlineData("overlay", null, Builtin, null, true)]
    [InlineData("br_netfilter", "br-netfilter 1 0 - Live 0x0\n", null, null, true)]
    [InlineData("vxlan", null, Builtin, null, false)]
    public void A_module_counts_when_loaded_built_in_or_available_to_modprobe(string module, string? loaded, string? builtin, string? available, bool present)
    {
        Assert.Equal(present, KernelModules.Present(module, loaded, builtin, available));
    }

    [Theory]
    [InlineData(Routes, true)]
    [InlineData("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n", false)]
    [InlineData("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t0101A8C0\t0002\t0\t0\t100\t00000000\t0\t0\t0\n", false)]
    public void A_default_route_must_be_up_and_to_0_0_0_0_0(string routes, bool present)
    {
        Assert.Equal(present, ProcNet.HasDefaultRoute(routes));
        Assert.Equal(present ? FindingLevel.Ok : FindingLevel.Refusal, Find(PreflightRules.Evaluate(HealthyPi4() with { Routes = routes }, K3sRole.Agent), "default-route").Level);
    }

    [Fact]
    public void Only_listening_sockets_count_and_an_outgoing_connection_to_6443_does_not()
    {
        Assert.Equal([22, 53], ProcNet.ListeningTcpPorts(Tcp).Order());
        Assert.Equal([68], ProcNet.BoundUdpPorts(Udp));
    }

    [Fact]
    public void A_port_K3s_needs_in_use_is_refused_naming_it_and_what_K3s_uses_it_for()
    {
        var tcp = Tcp + "   9: 00000000:192B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n";
        var udp = Udp + "  600: 00000000:2118 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 2 2 0 0\n";
        var facts = HealthyPi4() with { TcpSockets = tcp, UdpSockets = udp };

        var server = Find(PreflightRules.Evaluate(facts, K3sRole.Server), "ports");
        var agent = Find(PreflightRules.Evaluate(facts, K3sRole.Agent), "ports");
        var running = Find(PreflightRules.Evaluate(facts with { K3sRunning = true }, K3sRole.Server), "ports");

        Assert.Equal("in use by another program: 6443/tcp (the K3s supervisor and Kubernetes API), 8472/udp (flannel VXLAN); stop it (sudo ss -lntup shows which) and run again", server.Message);
        Assert.Equal("in use by another program: 8472/udp (flannel VXLAN); stop it (sudo ss -lntup shows which) and run again", agent.Message);
        Assert.Equal(FindingLevel.Ok, running.Level);
    }

    [Fact]
    public void Swap_is_warned_naming_the_swap_file()
    {
        var facts = HealthyPi4() with { Swaps = NoSwap + "/var/swap                               file\t\t102396\t\t0\t\t-2\n" };

        var finding = Find(PreflightRules.Evaluate(facts, K3sRole.Agent), "swap");

        Assert.Equal(FindingLevel.Warning, finding.Level);
        Assert.StartsWith("swap is on (/var/swap)", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, "Ok", "0.5 s ahead of the hub")]
    [InlineData(10, "Warning", "10 s ahead of the hub: etcd")]
    [InlineData(-120, "Refusal", "120 s behind the hub: certificates")]
    public void Clock_skew_is_fine_to_2_s_warned_to_a_minute_refused_beyond(double seconds, string level, string start)
    {
        var finding = Find(PreflightRules.Evaluate(HealthyPi4() with { ClockSkew = TimeSpan.FromSeconds(seconds) }, K3sRole.Agent), "clock");

        Assert.Equal(level, finding.Level.ToString());
        Assert.StartsWith(start, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1UL, "Refusal")]
    [InlineData(3UL, "Warning")]
    [InlineData(20UL, "Ok")]
    public void Free_disk_below_2_GiB_is_refused_below_5_GiB_warned(ulong gibibytes, string level)
    {
        var facts = HealthyPi4() with { FreeDiskBytes = gibibytes * 1024 * 1024 * 1024 };

        Assert.Equal(level, Find(PreflightRules.Evaluate(facts, K3sRole.Agent), "disk").Level.ToString());
    }

    [Fact]
    public void A_hostname_another_node_has_is_warned_in_any_case()
    {
        var finding = Find(PreflightRules.Evaluate(HealthyPi4() with { Hostname = "RaspberryPi", OtherHostnames = ["raspberrypi"] }, K3sRole.Agent), "hostname");

        Assert.Equal(FindingLevel.Warning, finding.Level);
    }

    [Theory]
    [InlineData("mmcblk0p2", "Warning")]
    [InlineData("/dev/mmcblk0p2", "Warning")]
    [InlineData("nvme0n1p2", "Ok")]
    [InlineData("sda2", "Ok")]
    [InlineData("root", "Warning")]
    public void A_server_on_an_SD_card_or_eMMC_is_warned_for_etcd(string device, string level)
    {
        Assert.Equal(level, Find(PreflightRules.Evaluate(HealthyPi4() with { RootDevice = device }, K3sRole.Server), "storage").Level.ToString());
    }

    [Fact]
    public void An_agent_on_an_SD_card_is_not_warned_about_etcd()
    {
        Assert.DoesNotContain(PreflightRules.Evaluate(HealthyPi4() with { RootDevice = "mmcblk0p2" }, K3sRole.Agent), f => f.Check == "storage");
    }

    [Theory]
    [InlineData("aarch64", "Ok")]
    [InlineData("armv7l", "Warning")]
    [InlineData("armv6l", "Refusal")]
    [InlineData("x86_64", "Ok")]
    [InlineData(null, "Refusal")]
    public void K3s_runs_on_arm64_armhf_and_amd64_only(string? machine, string level)
    {
        Assert.Equal(level, Find(PreflightRules.Evaluate(HealthyPi4() with { Architecture = machine }, K3sRole.Agent), "architecture").Level.ToString());
    }

    private static PreflightFinding Find(IEnumerable<PreflightFinding> findings, string check) => findings.Single(f => f.Check == check);
}
