using System.Diagnostics;
using PiController.Agent.K3s;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.K3s;

/// <summary>The preflight's texts read from this machine's live /proc and /sys, compared with what the machine says otherwise.</summary>
public sealed class PreflightFactReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_facts_of_this_machine_are_its_own_texts()
    {
        var facts = await new PreflightFactReader(SystemRoot.Host, new FixedTime(Now)).ReadAsync(CancellationToken.None);

        Assert.Equal(Uname("-m"), facts.Architecture);
        Assert.Equal(Uname("-n"), facts.Hostname);
        // MemTotal stays; the other lines move between two reads.
        Assert.Equal(File.ReadLines("/proc/meminfo").First(), facts.Meminfo.Split('\n')[0]);
        Assert.StartsWith("Filename", facts.Swaps, StringComparison.Ordinal);
        Assert.StartsWith("Iface", facts.Routes, StringComparison.Ordinal);
        Assert.Contains("local_address", facts.TcpSockets, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(), facts.BootId);
        Assert.True(facts.HasFreeDiskBytes);
        Assert.True(facts.FreeDiskBytes > 0);
        Assert.Equal(Now, facts.AgentClock.ToDateTimeOffset());
        Assert.Equal(File.Exists("/sys/fs/cgroup/cgroup.controllers"), facts.HasCgroupControllers);
    }

    [Fact]
    public async Task A_test_root_gives_its_own_texts_and_leaves_out_what_it_does_not_have()
    {
        using var root = new TempTree();
        root.Write("/proc/cpuinfo", "processor\t: 0\nRevision\t: c03114\nSerial\t\t: 10000000abcdef\n");
        root.Write("/boot/firmware/cmdline.txt", "console=serial0,115200 root=PARTUUID=1-02 rootwait\n");
        root.Write("/proc/sys/kernel/osrelease", "6.6.51+rpt-rpi-v8\n");
        root.Write("/lib/modules/6.6.51+rpt-rpi-v8/modules.builtin", "kernel/net/bridge/br_netfilter.ko\n");

        var facts = await new PreflightFactReader(new SystemRoot(root.Root), new FixedTime(Now)).ReadAsync(CancellationToken.None);

        Assert.Equal("c03114", facts.RevisionCode);
        Assert.Equal("/boot/firmware/cmdline.txt", facts.CmdlinePath);
        Assert.Equal("console=serial0,115200 root=PARTUUID=1-02 rootwait\n", facts.CmdlineText);
        Assert.Equal("kernel/net/bridge/br_netfilter.ko\n", facts.BuiltinModules);
        Assert.False(facts.HasAvailableModules);
        Assert.False(facts.HasMeminfo);
        Assert.False(facts.HasIptablesVersion);
    }

    private static string Uname(string option)
    {
        using var process = Process.Start(new ProcessStartInfo("uname", option) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
