using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PiController.Testing.Hosts;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// The same plan over SSH only: the hub reaches the hosts as the user pi with the lab's key, runs every step as root
/// through `sudo -S` with pi's password on stdin, pins each host's key on first use, and leaves nothing behind.
/// </summary>
[Collection(ProvisioningCollection.Name)]
public sealed class ClusterOverSshTests(ProvisioningFixture fixture, ITestOutputHelper output)
{
    [ProvisioningFact]
    public async Task A_one_server_one_agent_cluster_over_ssh_with_sudo_pins_the_host_keys_leaks_no_secret_and_leaves_nothing()
    {
        var (server, agent) = (fixture.Host(4), fixture.Host(5));
        var lab = fixture.Lab;
        await using var commandLines = new CommandLineSampler();
        foreach (var host in new[] { server, agent })
        {
            var (code, added) = await fixture.Hub.TryCliWithInputAsync(lab.Credentials.Password + "\n", "ssh", "add", host.Name, "--host", host.Address, "--user", HostCredentials.User,
                "--key", lab.Credentials.PrivateKey, "--sudo-password-stdin");
            Assert.True(code == 0, $"ssh add {host.Name}: {added}");
        }
        var clusters = new LabClusters(fixture.Hub);
        var clock = Stopwatch.StartNew();

        await clusters.CreateAsync("overssh", [$"ssh:{server.Name}"], [$"ssh:{agent.Name}"]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1 server + 1 agent over SSH: ready after {clock.Elapsed.TotalSeconds:F1} s"));

        var secrets = await ClusterChecks.RunningAsync([server], [agent]);
        foreach (var host in new[] { server, agent })
        {
            using var target = JsonDocument.Parse(await fixture.Hub.CliAsync("ssh", "get", host.Name, "-o", "json"));
            var pinned = target.RootElement.GetProperty("hostKey").GetProperty("fingerprint").GetString()!;
            var keys = (await host.ExecAsync("for k in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -l -E sha256 -f $k; done")).Ok("ssh-keygen -l").Output;
            Assert.True(keys.Contains(pinned, StringComparison.Ordinal), $"{host.Name}: pinned {pinned}, the host has:\n{keys}");
        }
        await ClusterChecks.NowhereAsync(fixture, commandLines, [.. secrets, lab.Credentials.Password]);

        await clusters.DeleteAsync("overssh");
        await ClusterChecks.NothingOfK3sLeftAsync([server, agent]);
        foreach (var host in new[] { server, agent })
        {
            await fixture.Hub.CliAsync("ssh", "rm", host.Name);
        }
    }

    [ProvisioningFact]
    public async Task A_host_whose_ssh_key_changed_stops_the_plan_before_anything_changes_and_says_how_to_accept_the_new_key()
    {
        var host = fixture.Host(5);
        var lab = fixture.Lab;
        var (added, addOutput) = await fixture.Hub.TryCliWithInputAsync(lab.Credentials.Password + "\n", "ssh", "add", "rekeyed", "--host", host.Address,
            "--user", HostCredentials.User, "--key", lab.Credentials.PrivateKey, "--sudo-password-stdin");
        Assert.True(added == 0, addOutput);
        await fixture.Hub.CliAsync("ssh", "check", "rekeyed");
        // The host is reinstalled, as far as SSH can tell: new host keys.
        (await host.ExecAsync("rm /etc/ssh/ssh_host_* && ssh-keygen -A && systemctl restart ssh")).Ok("new host keys");

        var (code, printed) = await new LabClusters(fixture.Hub).TryCreateAsync("rekeyed", ["ssh:rekeyed"], []);
        output.WriteLine(printed);

        Assert.Equal(1, code);
        Assert.Contains("pi-controller ssh accept-key rekeyed --fingerprint SHA256:", printed, StringComparison.Ordinal);
        Assert.False(File.Exists(host.File("/usr/local/bin/k3s")), "nothing was installed");

        // Accepting the key the message names lets the hub reach the host again (here: to delete the plan).
        var fingerprint = System.Text.RegularExpressions.Regex.Match(printed, "accept-key rekeyed --fingerprint (SHA256:[A-Za-z0-9+/]+)").Groups[1].Value;
        await fixture.Hub.CliAsync("ssh", "accept-key", "rekeyed", "--fingerprint", fingerprint);
        await fixture.Hub.CliAsync("cluster", "delete", "rekeyed");
        await fixture.Hub.CliAsync("ssh", "rm", "rekeyed");
    }
}
