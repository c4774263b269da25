using PiController.Hub.Provisioning.AgentTransport;
using PiController.Hub.Provisioning.Ssh;
using PiController.Hub.Provisioning.Transport;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Provisioning.Snapshots;

/// <summary>The etcd snapshot step over SSH as exact scripts and its output read back, and the same step as the agent's link command.</summary>
public sealed class SshSnapshotScriptsTests
{
    [Fact]
    public void Prune_is_one_script_that_checks_the_datastore_and_lists_before_and_after()
    {
        Assert.Equal("""
            set -e
            db=/var/lib/rancher/k3s/server/db
            if [ -d "$db/etcd" ]; then echo pi-controller:datastore=etcd
            elif [ -f "$db/state.db" ]; then echo pi-controller:datastore=sqlite; exit 0
            else echo pi-controller:datastore=none; exit 0; fi
            [ -x /usr/local/bin/k3s ] || { echo "/usr/local/bin/k3s is missing on this server; install K3s again (pi-controller cluster resume) and retry" >&2; exit 1; }
            echo pi-controller:before
            /usr/local/bin/k3s etcd-snapshot ls
            /usr/local/bin/k3s etcd-snapshot prune --snapshot-retention 3 >&2
            echo pi-controller:after
            /usr/local/bin/k3s etcd-snapshot ls
            """.ReplaceLineEndings("\n"), SshSnapshotScripts.Script(new EtcdSnapshotRequest(EtcdSnapshotAction.Prune, Retention: 3)));
    }

    [Fact]
    public void Save_sends_the_name_and_keeps_k3s_own_output_off_stdout()
    {
        var script = SshSnapshotScripts.Script(new EtcdSnapshotRequest(EtcdSnapshotAction.Save, "nightly"));

        Assert.Contains("\n/usr/local/bin/k3s etcd-snapshot save --name nightly >&2\necho pi-controller:after\n/usr/local/bin/k3s etcd-snapshot ls", script, StringComparison.Ordinal);
        Assert.DoesNotContain("pi-controller:before", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_output_of_a_prune_is_read_into_the_snapshots_left_and_whether_one_went()
    {
        var run = new SshRun(0, """
            pi-controller:datastore=etcd
            pi-controller:before
            Name                        Location                                                     Size  Created
            on-demand-pi-01-1733536800  file:///var/lib/rancher/k3s/server/db/snapshots/on-demand-pi-01-1733536800  4096  2024-12-07T02:00:00Z
            on-demand-pi-01-1733540400  file:///var/lib/rancher/k3s/server/db/snapshots/on-demand-pi-01-1733540400  8192  2024-12-07T03:00:00Z
            pi-controller:after
            Name                        Location                                                     Size  Created
            on-demand-pi-01-1733540400  file:///var/lib/rancher/k3s/server/db/snapshots/on-demand-pi-01-1733540400  8192  2024-12-07T03:00:00Z
            """, "level=info msg=\"Removing local snapshot on-demand-pi-01-1733536800\"\n");

        var outcome = SshSnapshotScripts.Parse(new EtcdSnapshotRequest(EtcdSnapshotAction.Prune, Retention: 1), run);

        Assert.Null(outcome.Error);
        Assert.Equal(EtcdDatastore.Etcd, outcome.Datastore);
        Assert.True(outcome.Changed);
        Assert.Equal("level=info msg=\"Removing local snapshot on-demand-pi-01-1733536800\"", outcome.Detail);
        var left = Assert.Single(outcome.Snapshots);
        Assert.Equal(new SnapshotFile("on-demand-pi-01-1733540400", "file:///var/lib/rancher/k3s/server/db/snapshots/on-demand-pi-01-1733540400", 8192,
            new DateTimeOffset(2024, 12, 7, 3, 0, 0, TimeSpan.Zero)), left);
    }

    [Fact]
    public void A_node_on_SQLite_and_a_failed_k3s_are_told_apart()
    {
        var request = new EtcdSnapshotRequest(EtcdSnapshotAction.Save);

        var sqlite = SshSnapshotScripts.Parse(request, new SshRun(0, "pi-controller:datastore=sqlite\n", ""));
        var failed = SshSnapshotScripts.Parse(request, new SshRun(1, "pi-controller:datastore=etcd\n", "level=fatal msg=\"etcd-snapshot: no server\"\n"));

        Assert.Equal(EtcdDatastore.Sqlite, sqlite.Datastore);
        Assert.Null(sqlite.Error);
        Assert.Equal("k3s etcd-snapshot save failed (exit 1): level=fatal msg=\"etcd-snapshot: no server\"", failed.Error);
    }

    [Fact]
    public void Through_the_agent_the_same_request_is_one_typed_command_with_no_command_line()
    {
        var command = AgentSnapshots.Command(new EtcdSnapshotRequest(EtcdSnapshotAction.Prune, Retention: 4));

        Assert.Equal(new EtcdSnapshot { Action = EtcdSnapshot.Types.Action.Prune, Retention = 4 }, command.EtcdSnapshot);
        Assert.Equal(CommandResult.OutcomeOneofCase.EtcdSnapshots, LinkCommands.Of(command).Outcome);
    }
}
