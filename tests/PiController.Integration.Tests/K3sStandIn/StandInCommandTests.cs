using System.Globalization;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>The stand-in's one-shot commands: etcd-snapshot save|ls, and what it says when called as kubectl.</summary>
public sealed class StandInCommandTests : IDisposable
{
    private readonly HubPlan _plan = new();
    private readonly StandInNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task A_snapshot_saved_on_an_etcd_server_is_listed_under_server_db_snapshots()
    {
        _node.Apply(_plan.FirstServer("pi-1"));
        await _node.StartReadyAsync("server", "--https-listen-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1");

        (await _node.RunAsync("etcd-snapshot", "save", "--name", "before-upgrade")).Ok("etcd-snapshot save");
        var listing = (await _node.RunAsync("etcd-snapshot", "ls")).Ok("etcd-snapshot ls").Output;

        var snapshot = Assert.Single(Directory.GetFiles(_node.HostPath("/var/lib/rancher/k3s/server/db/snapshots")));
        Assert.StartsWith("before-upgrade-", Path.GetFileName(snapshot), StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(snapshot), listing, StringComparison.Ordinal);
        Assert.StartsWith("Name", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snapshot_is_refused_where_no_embedded_etcd_runs()
    {
        var result = await _node.RunAsync("etcd-snapshot", "save");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("etcd database not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Called_as_kubectl_it_says_it_provides_no_kubectl_and_exits_1()
    {
        var link = _node.HostPath("/usr/local/bin/kubectl");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, Repo.K3sStandIn);

        var result = await Run.Async(link, "get", "nodes");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("kubectl is a link to the stand-in k3s (a test double), which has no kubectl", result.Error, StringComparison.Ordinal);
    }
}
