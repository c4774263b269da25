using System.Globalization;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>The stand-in's one-shot commands: etcd-snapshot save|ls|delete|prune, --version of a copy claiming another
/// release, and what it says when called as kubectl.</summary>
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
    public async Task Snapshots_are_listed_in_K3s_columns_deleted_by_name_and_pruned_to_the_retention_by_name_prefix()
    {
        _node.Apply(_plan.FirstServer("pi-1"));
        await _node.StartReadyAsync("server", "--https-listen-port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1");
        var directory = _node.HostPath("/var/lib/rancher/k3s/server/db/snapshots");
        Directory.CreateDirectory(directory);
        foreach (var time in new[] { 1700000001, 1700000002, 1700000003 })
        {
            File.WriteAllText(Path.Join(directory, $"nightly-pi-1-{time}"), "{}");
        }
        (await _node.RunAsync("etcd-snapshot", "save")).Ok("etcd-snapshot save");

        var listing = (await _node.RunAsync("etcd-snapshot", "ls")).Ok("etcd-snapshot ls").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^Name +Location +Size +Created$", listing[0]);
        var onDemand = Assert.Single(listing, l => l.StartsWith("on-demand-pi-1-", StringComparison.Ordinal));
        var columns = onDemand.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("file://" + Path.Join(directory, columns[0]), columns[1]);
        Assert.True(DateTimeOffset.TryParseExact(columns[3], "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), columns[3]);
        Assert.Equal(listing[0].IndexOf("Location", StringComparison.Ordinal), onDemand.IndexOf("file://", StringComparison.Ordinal));

        (await _node.RunAsync("etcd-snapshot", "prune", "--name", "nightly", "--snapshot-retention", "1")).Ok("etcd-snapshot prune");
        Assert.Equal(["nightly-pi-1-1700000003", columns[0]], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var missing = await _node.RunAsync("etcd-snapshot", "delete", columns[0], "no-such-snapshot");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no-such-snapshot not found", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(directory).Length);
        (await _node.RunAsync("etcd-snapshot", "delete", columns[0])).Ok("etcd-snapshot delete");
        Assert.Equal(["nightly-pi-1-1700000003"], Directory.GetFiles(directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_copy_with_a_version_trailer_runs_claims_that_release_and_differs_in_sha256()
    {
        var release = StandInRelease.Write(Repo.K3sStandIn, "v1.34.1+k3s1", Repo.K3sStandIn + "-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            _node.Binary = release;
            var version = (await _node.RunAsync("--version")).Ok("k3s --version of the copy").Output;

            Assert.StartsWith("k3s version v1.34.1+k3s1 (stand-in)", version, StringComparison.Ordinal);
            Assert.NotEqual(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Repo.K3sStandIn))),
                Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(release))));
        }
        finally
        {
            File.Delete(release);
        }
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
