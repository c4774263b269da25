using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;
using PiController.Protocol.Trust;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>pi-controller cluster upgrade, rollback and upgrade-status run in-process against the upgrade fixture's hub.</summary>
public sealed class UpgradeCliTests : UpgradeFixture
{
    private async Task<InProcessCli.Result> CliAsync(params string[] arguments) => await InProcessCli.RunAsync(null, [.. arguments,
        "--hub", $"https://127.0.0.1:{Port}",
        "--ca-fingerprint", HubTrust.Fingerprint(Hub.Services.GetRequiredService<CertificateAuthority>().Certificate), "--token", Token(ApiRole.Admin)]);

    [Fact]
    public async Task Upgrade_with_yes_follows_every_node_step_by_step_until_the_cluster_runs_the_new_release()
    {
        var result = await CliAsync("cluster", "upgrade", "lab", "--version", To, "--yes");

        Assert.True(result.Code == 0, result.Error);
        var output = result.Output.ReplaceLineEndings("\n");
        Assert.Contains("ssh:s1 cordon: ok  cordoned (spec.unschedulable)", output, StringComparison.Ordinal);
        Assert.Contains("ssh:a1 drain: ok  no pod to evict (DaemonSet and mirror pods stay)", output, StringComparison.Ordinal);
        Assert.Contains($"ssh:s2 ready: ok  Ready, kubelet {To}, etcd healthy", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("ssh:s3 uncordon: ok", StringComparison.Ordinal) < output.IndexOf("ssh:a1 cordon: ok", StringComparison.Ordinal), output);
        Assert.EndsWith($"upgrade of cluster lab done: every node of cluster lab runs K3s {To}\n", output, StringComparison.Ordinal);

        var status = await CliAsync("cluster", "upgrade-status", "lab");
        Assert.True(status.Code == 0, status.Error);
        Assert.Contains($"upgrade 1 of cluster lab: {From} -> {To}, done", status.Output, StringComparison.Ordinal);
        Assert.Contains(status.Output.Split('\n'), line => line.StartsWith("ssh:a2 ", StringComparison.Ordinal) && line.Contains(" agent ", StringComparison.Ordinal)
            && line.Contains(" done ", StringComparison.Ordinal));

        var get = await CliAsync("cluster", "get", "lab");
        Assert.True(get.Code == 0, get.Error);
        Assert.Contains($"\nlast upgrade: run 1, {From} -> {To}, done: every node of cluster lab runs K3s {To} (pi-controller cluster upgrade-status lab)\n",
            get.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_upgrade_and_a_missing_version_end_with_one_line_and_change_nothing()
    {
        var journal = K3s.Nodes.Journal.Count;

        var skip = await CliAsync("cluster", "upgrade", "lab", "--version", "v1.34.1+k3s1", "--yes");
        var none = await CliAsync("cluster", "upgrade", "lab", "--yes");
        var unknown = await CliAsync("cluster", "rollback", "lab", "ssh:a1", "--yes");
        var slow = await CliAsync("cluster", "upgrade", "lab", "--version", To, "--ready-timeout", "7h", "--yes");
        var bad = await CliAsync("cluster", "rollback", "lab", "ssh:a1", "--ready-timeout", "soon", "--yes");

        Assert.Equal(1, skip.Code);
        Assert.Contains("would skip v1.33", skip.Error, StringComparison.Ordinal);
        Assert.Equal(1, none.Code);
        Assert.Contains("name the release with --version VERSION", none.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("has no previous binary the hub knows of", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(1, slow.Code);
        Assert.Contains("--ready-timeout must be 1s to 6h, got 7h", slow.Error, StringComparison.Ordinal);
        Assert.Equal(1, bad.Code);
        Assert.Contains("--ready-timeout", bad.Error, StringComparison.Ordinal);
        Assert.Equal(journal, K3s.Nodes.Journal.Count);
    }
}
