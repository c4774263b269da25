using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// The preflight's one fix that needs a reboot, on a whole host through its agent: a node whose kernel runs without
/// the memory cgroup and whose cmdline.txt lacks the flags is refused before anything changes; with the operator's
/// consent (--fix) the agent adds the flags, the node reboots, and the plan waits for it and goes on.
/// </summary>
[Collection(ProvisioningCollection.Name)]
public sealed class ClusterFixTests(ProvisioningFixture fixture, ITestOutputHelper output)
{
    private const string Cmdline = "console=serial0,115200 console=tty1 root=PARTUUID=6c586e13-02 rootfstype=ext4 fsck.repair=yes rootwait";

    [ProvisioningFact]
    public async Task A_node_without_the_memory_cgroup_is_refused_and_with_fix_gets_the_flags_reboots_and_joins()
    {
        var server = fixture.Host(3);
        var clusters = new LabClusters(fixture.Hub);
        (await server.ExecAsync($"mkdir -p /boot/firmware && echo '{Cmdline}' > /boot/firmware/cmdline.txt")).Ok("write cmdline.txt");
        // The kernel as a Pi's without the flags: /proc/cgroups says the memory controller is off. The bind mount is
        // gone after a reboot, as the Pi's missing flags are once the firmware passes them.
        (await server.ExecAsync("awk 'BEGIN { OFS = \"\\t\" } $1 == \"memory\" { $4 = 0 } { print }' /proc/cgroups > /run/cgroups.off && mount --bind /run/cgroups.off /proc/cgroups"))
            .Ok("turn the memory cgroup off in /proc/cgroups");
        var bootId = await BootIdAsync(server);

        var (refused, refusal) = await clusters.TryCreateAsync("fix", [fixture.NodeId(server)], []);
        output.WriteLine(refusal);

        Assert.Equal(1, refused);
        Assert.Contains("lacks cgroup_memory=1 cgroup_enable=memory", refusal, StringComparison.Ordinal);
        Assert.Contains("--fix", refusal, StringComparison.Ordinal);
        Assert.False(File.Exists(server.File("/usr/local/bin/k3s")), "the refused plan changed nothing");
        Assert.Equal(bootId, await BootIdAsync(server));

        var (code, fixedOutput) = await fixture.Hub.TryCliAsync("cluster", "resume", "fix", "--fix");
        output.WriteLine(fixedOutput);

        Assert.True(code == 0, fixedOutput);
        Assert.NotEqual(bootId, await BootIdAsync(server));
        Assert.Equal(Cmdline + " cgroup_memory=1 cgroup_enable=memory", (await File.ReadAllTextAsync(server.File("/boot/firmware/cmdline.txt"))).TrimEnd('\n'));
        await ClusterChecks.RunningAsync([server], []);

        await clusters.DeleteAsync("fix");
        await ClusterChecks.NothingOfK3sLeftAsync([server]);
        (await server.ExecAsync("rm -r /boot/firmware")).Ok("remove cmdline.txt");
    }

    private static async Task<string> BootIdAsync(PiController.Testing.Hosts.TestHost host) =>
        (await host.ExecAsync("cat /proc/sys/kernel/random/boot_id")).Ok("boot id").Output.Trim();
}
