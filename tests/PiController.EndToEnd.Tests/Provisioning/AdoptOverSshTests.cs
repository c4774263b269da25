using System.Globalization;
using System.Text.Json;
using PiController.Testing.Hosts;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// Adopt on a whole host without an agent: the hub reaches it as pi with the lab's key and becomes root through
/// `sudo -S` with pi's password on stdin; the agent comes from the hub's own apt repository (the .deb of
/// scripts/build-deb, as <see cref="AgentPackage"/> builds it) and enrolls with a single-use join token. The hub is
/// served with its lab address in its TLS certificate (--tls-san), since apt on the host checks the name.
/// </summary>
public sealed class AdoptOverSshTests(ITestOutputHelper output)
{
    [HostsFact(agent: true)]
    public async Task A_Pi_without_an_agent_is_adopted_over_ssh_with_sudo_enrolls_and_its_token_is_in_no_journal_or_command_line()
    {
        await using var lab = await HostLab.StartAsync(1, subnet: 9, name: "adopt");
        var hub = await LabHub.StartAsync(lab);
        var host = lab.Hosts[0];
        var sudoPassword = lab.Credentials.Password + "\n";
        string[] adopt = ["adopt", host.Address, "--user", HostCredentials.User, "--key", lab.Credentials.PrivateKey, "--sudo-password-stdin", "--name", host.Name, "--yes"];

        // No agent package in the hub's repository yet: refused before anything changes on the host.
        var (refusedCode, refused) = await hub.TryCliWithInputAsync(sudoPassword, adopt);
        Assert.True(refusedCode == 1, refused);
        Assert.Contains("has no pi-controller-agent for amd64", refused, StringComparison.Ordinal);
        Assert.Contains("pi-controller apt add", refused, StringComparison.Ordinal);
        Assert.False(File.Exists(host.File("/etc/apt/sources.list.d/pi-controller.sources")), "the refusal changed the host");
        Assert.Contains("no ssh target", (await hub.TryCliAsync("ssh", "get", host.Name)).Output, StringComparison.Ordinal);

        var deb = await AgentPackage.DebAsync();
        var pool = Directory.CreateDirectory(Path.Join(hub.DataDirectory, "apt", "pool")).FullName;
        File.Copy(deb, Path.Join(pool, Path.GetFileName(deb)));
        await using var commandLines = new CommandLineSampler();

        var (code, adopted) = await hub.TryCliWithInputAsync(sudoPassword, adopt);
        output.WriteLine(adopted);

        Assert.True(code == 0, adopted);
        var machineId = File.ReadAllText(host.File("/etc/machine-id")).Trim();
        Assert.Contains($"node {machineId} ({host.Name}) is an agent node now", adopted, StringComparison.Ordinal);
        using (var target = JsonDocument.Parse(await hub.CliAsync("ssh", "get", host.Name, "-o", "json")))
        {
            var pinned = target.RootElement.GetProperty("hostKey").GetProperty("fingerprint").GetString()!;
            Assert.Contains(pinned, adopted, StringComparison.Ordinal);
        }
        using (var nodes = JsonDocument.Parse(await hub.CliAsync("nodes", "ls", "-o", "json")))
        {
            var node = Assert.Single(nodes.RootElement.EnumerateArray());
            Assert.Equal(machineId, node.GetProperty("nodeId").GetString());
            Assert.True(node.GetProperty("connected").GetBoolean());
        }
        Assert.Equal("enabled", (await host.ExecAsync("systemctl is-enabled pi-agent")).Output.Trim());
        Assert.Equal("600", (await host.ExecAsync("stat -c %a /etc/pi-controller/agent.conf")).Output.Trim());

        // The token of agent.conf was single-use: used up now. It is in no journal, event, hub log or command line.
        var token = File.ReadAllLines(host.File("/etc/pi-controller/agent.conf")).Single(l => l.StartsWith("token = ", StringComparison.Ordinal))["token = ".Length..];
        var secret = token[(token.LastIndexOf('.') + 1)..];
        Assert.Contains("adopt " + host.Name, await hub.CliAsync("token", "ls"), StringComparison.Ordinal);
        var places = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["the host's journal"] = (await host.ExecAsync("journalctl --no-pager -o cat")).Output,
            ["the host's command lines now"] = (await host.ExecAsync("cat /proc/[0-9]*/cmdline | tr '\\0' ' '")).Output,
            ["the hub's events"] = await hub.CliAsync("events", "--since", "0", "--limit", "1000"),
            ["the hub's log"] = hub.Process.Output,
            ["the adopt output"] = adopted,
        };
        foreach (var line in commandLines.Containing(secret).Concat(commandLines.Containing(lab.Credentials.Password)))
        {
            places["a command line: " + line] = secret;
        }
        var leaks = places.Where(p => p.Value.Contains(secret, StringComparison.Ordinal) || p.Value.Contains(lab.Credentials.Password, StringComparison.Ordinal))
            .Select(p => p.Key).ToList();
        Assert.True(leaks.Count == 0, "a secret was found in: " + string.Join(", ", leaks));
        Assert.True(commandLines.Count > 0, "the command line sampler saw nothing");
        Assert.Contains("adoption.step", places["the hub's events"], StringComparison.Ordinal);

        // Adopting it again reuses the ssh target with its stored credentials (none given) and refuses: it is an agent node now.
        var (againCode, again) = await hub.TryCliAsync("adopt", host.Address, "--user", HostCredentials.User, "--name", host.Name, "--yes");
        Assert.True(againCode == 1, again);
        Assert.Contains($"is node {machineId}, an agent node already connected", again, StringComparison.Ordinal);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{commandLines.Count} command lines sampled"));
    }
}
