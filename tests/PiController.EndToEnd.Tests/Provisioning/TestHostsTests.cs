using System.Globalization;
using PiController.Testing.Hosts;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// The whole-host harness itself (<see cref="HostLab"/>): real systemd in each host, the bridge between hosts and
/// the hub's namespace, ssh and sudo as a provisioner uses them, reboots, and a teardown that leaves nothing behind.
/// </summary>
public sealed class TestHostsTests(ITestOutputHelper output)
{
    [HostsFact]
    public async Task Three_hosts_boot_in_parallel_reach_each_other_and_the_hub_come_back_from_a_reboot_and_leave_nothing_behind()
    {
        var lab = await HostLab.StartAsync(3, subnet: 3);
        IReadOnlyList<string> leftovers;
        try
        {
            var hub = await LabHub.StartAsync(lab);
            foreach (var host in lab.Hosts)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{host.Name}: running {host.BootTimes[0].TotalSeconds:F2} s after systemd-nspawn started, {host.MemoryMib:F1} MiB PSS"));
                Assert.Equal(host.Name, (await host.ExecAsync("hostname")).Ok("hostname").Output.Trim());
                // The hub's port and every other host's sshd, over the bridge.
                foreach (var (address, port) in lab.Hosts.Where(h => h != host).Select(h => (h.Address, 22)).Append((lab.HubAddress, 8443)))
                {
                    var connect = await host.ExecAsync($"timeout 10 bash -c 'exec 3<>/dev/tcp/{address}/{port}' && echo connected");
                    Assert.True(connect.Output.Trim() == "connected", $"{host.Name} cannot reach {address}:{port}: {connect.All}");
                }
                // ssh from the hub's namespace with the lab's key, the host key pinned; sudo only with pi's password.
                Assert.Equal(host.Name, (await host.SshAsync("hostname")).Ok($"ssh {host.Name}").Output.Trim());
                Assert.Equal("0", (await host.SshAsync("sudo -S -p '' id -u", input: lab.Credentials.Password + "\n")).Ok("sudo -S").Output.Trim());
                var wrong = await host.SshAsync("sudo -k; sudo -S -p '' id -u", input: "not-the-password\n");
                Assert.NotEqual(0, wrong.ExitCode);
            }
            Assert.Contains(lab.Hosts.Select(h => h.Address).First(), await File.ReadAllTextAsync(lab.Credentials.KnownHosts));
            Assert.Equal(3, lab.Hosts.Select(h => File.ReadAllText(h.File("/etc/machine-id"))).Distinct().Count());
            Assert.Equal(3, lab.Hosts.Select(h => File.ReadAllText(h.File("/etc/ssh/ssh_host_ed25519_key.pub"))).Distinct().Count());

            var rebooted = lab.Hosts[1];
            var bootId = (await rebooted.ExecAsync("cat /proc/sys/kernel/random/boot_id")).Ok("boot_id").Output;
            await rebooted.ExecAsync("touch /var/tmp/kept-across-reboot");
            var again = await rebooted.RebootAsync();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rebooted.Name}: running again {again.TotalSeconds:F2} s after the reboot"));
            Assert.Equal(2, rebooted.Boots);
            Assert.NotEqual(bootId, (await rebooted.ExecAsync("cat /proc/sys/kernel/random/boot_id")).Ok("boot_id").Output);
            Assert.Equal(0, (await rebooted.ExecAsync("test -f /var/tmp/kept-across-reboot")).ExitCode);
            Assert.Equal(rebooted.Name, (await rebooted.SshAsync("hostname")).Ok("ssh after the reboot").Output.Trim());
            Assert.False(hub.Process.HasExited, hub.Process.Output);
        }
        finally
        {
            await lab.DisposeAsync();
            leftovers = lab.Leftovers();
        }
        Assert.True(leftovers.Count == 0, "left behind: " + string.Join(", ", leftovers));
        Assert.All(lab.Hosts, h => Assert.False(Directory.Exists(h.Root), $"{h.Root} is still there"));
    }

    [HostsFact(agent: true)]
    public async Task The_agent_installed_from_its_package_on_a_host_is_started_by_systemd_and_connects_to_the_hub()
    {
        await using var lab = await HostLab.StartAsync(1, subnet: 4);
        var hub = await LabHub.StartAsync(lab);
        var host = lab.Hosts[0];

        await AgentPackage.InstallAsync(host, hub.Url, hub.JoinToken);

        await Eventually.TrueAsync(async () => (await hub.CliAsync("nodes", "ls")).Split('\n').Any(l => l.Contains(host.Name, StringComparison.Ordinal) && l.Contains("connected", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), $"{host.Name} connected in pi-controller nodes ls");
        Assert.Equal("enabled", (await host.ExecAsync("systemctl is-enabled pi-agent")).Output.Trim());
        // The token is in agent.conf (0600), nowhere on a command line of the host.
        Assert.DoesNotContain(hub.JoinToken, (await host.ExecAsync("cat /proc/[0-9]*/cmdline | tr '\\0' ' '")).Output, StringComparison.Ordinal);
        Assert.Equal("600", (await host.ExecAsync("stat -c %a /etc/pi-controller/agent.conf")).Output.Trim());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{host.Name} with the agent: {host.MemoryMib:F1} MiB PSS"));
    }
}
