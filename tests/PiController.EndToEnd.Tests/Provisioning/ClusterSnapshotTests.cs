using System.Text.Json;
using PiController.Testing.Hosts;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// etcd snapshots on a whole host: the agent runs the stand-in k3s's etcd-snapshot as a transient unit outside its
/// sandbox, the snapshot lands in K3s's snapshot directory, and the hub lists what the node listed, in cluster get too.
/// </summary>
[Collection(ProvisioningCollection.Name)]
public sealed class ClusterSnapshotTests(ProvisioningFixture fixture, ITestOutputHelper output)
{
    [ProvisioningFact]
    public async Task A_snapshot_saved_through_the_agent_is_a_file_on_the_server_and_the_hub_lists_it_with_its_size()
    {
        var server = fixture.Host(1);
        var clusters = new LabClusters(fixture.Hub);
        await clusters.CreateAsync("snap", [fixture.NodeId(server)], []);
        try
        {
            var (code, saved) = await fixture.Hub.TryCliAsync("cluster", "snapshot", "save", "snap", "--name", "e2e");
            output.WriteLine(saved);
            Assert.True(code == 0, saved);
            Assert.StartsWith($"snapshot saved on {fixture.NodeId(server)}", saved, StringComparison.Ordinal);

            var file = Assert.Single(Directory.GetFiles(server.File("/var/lib/rancher/k3s/server/db/snapshots")));
            using var listed = JsonDocument.Parse(await fixture.Hub.CliAsync("cluster", "snapshot", "ls", "snap", "-o", "json"));
            var snapshot = Assert.Single(listed.RootElement.GetProperty("snapshots").EnumerateArray());
            var name = Path.GetFileName(file);
            Assert.StartsWith("e2e-", name, StringComparison.Ordinal);
            Assert.Equal(name, snapshot.GetProperty("name").GetString());
            Assert.Equal($"file:///var/lib/rancher/k3s/server/db/snapshots/{name}", snapshot.GetProperty("location").GetString());
            Assert.Equal(new FileInfo(file).Length, snapshot.GetProperty("size").GetInt64());
            Assert.Contains("etcd snapshots: 1; no schedule", await fixture.Hub.CliAsync("cluster", "get", "snap"), StringComparison.Ordinal);
        }
        finally
        {
            await clusters.DeleteAsync("snap");
        }
    }

    [ProvisioningFact]
    public async Task Over_ssh_with_sudo_the_same_snapshot_is_taken_by_the_fixed_script_and_listed()
    {
        var server = fixture.Host(4);
        var lab = fixture.Lab;
        var (added, addOutput) = await fixture.Hub.TryCliWithInputAsync(lab.Credentials.Password + "\n", "ssh", "add", "snapshots", "--host", server.Address,
            "--user", HostCredentials.User, "--key", lab.Credentials.PrivateKey, "--sudo-password-stdin");
        Assert.True(added == 0, $"ssh add snapshots: {addOutput}");
        var clusters = new LabClusters(fixture.Hub);
        await clusters.CreateAsync("snapssh", ["ssh:snapshots"], []);
        try
        {
            var (code, saved) = await fixture.Hub.TryCliAsync("cluster", "snapshot", "save", "snapssh");
            output.WriteLine(saved);
            Assert.True(code == 0, saved);
            Assert.StartsWith("snapshot saved on ssh:snapshots", saved, StringComparison.Ordinal);

            var file = Assert.Single(Directory.GetFiles(server.File("/var/lib/rancher/k3s/server/db/snapshots")));
            using var listed = JsonDocument.Parse(await fixture.Hub.CliAsync("cluster", "snapshot", "ls", "snapssh", "-o", "json"));
            var snapshot = Assert.Single(listed.RootElement.GetProperty("snapshots").EnumerateArray());
            Assert.Equal(Path.GetFileName(file), snapshot.GetProperty("name").GetString());
            Assert.Equal("ssh:snapshots", snapshot.GetProperty("node").GetString());
            Assert.Equal(new FileInfo(file).Length, snapshot.GetProperty("size").GetInt64());
        }
        finally
        {
            await clusters.DeleteAsync("snapssh");
            await fixture.Hub.TryCliAsync("ssh", "rm", "snapshots");
        }
    }
}
