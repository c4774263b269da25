using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;
using PiController.Protocol.Trust;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>pi-controller cluster run in-process against a hub whose nodes are test doubles.</summary>
public sealed class ClusterCliTests : ClusterPlanFixture
{
    private async Task<InProcessCli.Result> CliAsync(params string[] arguments) => await InProcessCli.RunAsync(null, [.. arguments,
        "--hub", $"https://127.0.0.1:{Hub.Options.Port}",
        "--ca-fingerprint", HubTrust.Fingerprint(Hub.App.Services.GetRequiredService<CertificateAuthority>().Certificate), "--token", Hub.Token(ApiRole.Admin)]);

    [Fact]
    public async Task Create_with_yes_follows_the_plan_step_by_step_until_the_cluster_is_ready()
    {
        var result = await CliAsync("cluster", "create", "lab", "--server", "ssh:s1", "--agent", "ssh:a1", "--yes");

        Assert.True(result.Code == 0, result.Error);
        Assert.Contains("ssh:s1 preflight 1: ok  check architecture", result.Output, StringComparison.Ordinal);
        Assert.Contains("ssh:s1 install 1: ok (changed)  place /usr/local/bin/k3s", result.Output, StringComparison.Ordinal);
        Assert.Contains("ssh:a1 ready 1: ok  wait until k3s-agent is active", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("cluster lab is ready; its kubeconfig: pi-controller cluster kubeconfig lab --merge\n", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(ServerSecret("s1"), result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_a_terminal_and_without_yes_changes_nothing()
    {
        var result = await CliAsync("cluster", "create", "lab", "--server", "ssh:s1");

        Assert.Equal(1, result.Code);
        Assert.Contains("standard input is not a terminal, so nobody can confirm the plan: review it with --dry-run, then run again with --yes", result.Error, StringComparison.Ordinal);
        Assert.Empty(Nodes.Journal);
        Assert.Equal(0, (await CliAsync("cluster", "ls", "-o", "json")).Output.Trim().Trim('[', ']').Trim().Length);
    }

    [Fact]
    public async Task A_failed_step_ends_create_with_its_stderr_and_the_next_action()
    {
        Nodes.FailOnce = ("s1", "systemctl daemon-reload", "Failed to reload daemon: Access denied");

        var result = await CliAsync("cluster", "create", "lab", "--server", "ssh:s1", "--yes");

        Assert.True(result.Code == 1 && result.Output.Contains("ssh:s1 install", StringComparison.Ordinal), $"exit code {result.Code}\n{result.Output}\n{result.Error}");
        Assert.Contains("    error: Failed to reload daemon: Access denied\n    next: fix the cause on ssh:s1", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("then: pi-controller cluster resume lab", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliAsync("cluster", "resume", "lab")).Code);
    }

    [Fact]
    public async Task Kubeconfig_merge_replaces_the_clusters_entries_keeps_the_others_and_writes_0600()
    {
        Assert.Equal(0, (await CliAsync("cluster", "create", "lab", "--server", "ssh:s1", "--yes")).Code);
        var file = Path.Join(DataDirectory, "kube", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, """
            apiVersion: v1
            kind: Config
            current-context: home
            clusters:
            - name: home
              cluster: {server: "https://192.168.1.5:6443"}
            - name: lab
              cluster: {server: "https://old:6443"}
            contexts:
            - name: home
              context: {cluster: home, user: home}
            users:
            - name: home
              user: {token: abc}
            """);

        var result = await CliAsync("cluster", "kubeconfig", "lab", "--merge", "--kubeconfig", file);

        Assert.True(result.Code == 0, result.Error);
        var merged = await File.ReadAllTextAsync(file);
        Assert.Contains("https://192.168.1.5:6443", merged, StringComparison.Ordinal);
        Assert.DoesNotContain("https://old:6443", merged, StringComparison.Ordinal);
        Assert.Single(merged.Split('\n'), l => l.Trim() == "server: https://10.77.0." + ("s1".Sum(c => c) % 200 + 10) + ":6443");
        Assert.Contains("current-context: home", merged, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
