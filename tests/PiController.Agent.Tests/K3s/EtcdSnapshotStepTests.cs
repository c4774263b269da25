using PiController.Agent.K3s;
using PiController.Agent.Platform;
using PiController.Agent.Tests.Support;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.K3s;

/// <summary>
/// The etcd snapshot step against a test root whose /usr/local/bin/k3s is a fake K3s (a shell script that records its
/// arguments and keeps snapshots as files, printing ls as K3s does): the argument lists the agent builds, the table it
/// reads back, and the nodes it refuses to run anything on.
/// </summary>
public sealed class EtcdSnapshotStepTests : IDisposable
{
    private const string FakeK3s = """
        #!/bin/sh
        echo "$*" >> "$(dirname "$0")/k3s.calls"
        [ -n "$FAIL" ] && { echo 'level=fatal msg="etcd-snapshot: context deadline exceeded"' >&2; exit 1; }
        [ "$1" = etcd-snapshot ] || exit 3
        verb=$2; shift 2
        name=on-demand; keep=5; dir=
        while [ $# -gt 0 ]; do case $1 in
          --name) name=$2; shift 2;; --snapshot-retention) keep=$2; shift 2;; --data-dir) dir=$2/server/db/snapshots; shift 2;;
          *) echo "flag provided but not defined: $1" >&2; exit 1;; esac; done
        mkdir -p "$dir"
        case $verb in
        save) n=$(ls "$dir" | wc -l); f="$name-pi-01-$((1700000000 + n))"; printf 'snapshot %s' "$n" > "$dir/$f"; echo "level=info msg=\"Snapshot $f saved.\"" >&2;;
        ls) printf 'Name                      Location Size Created\n'
            for f in $(ls "$dir"); do printf '%s\tfile://%s/%s\t%s\t2024-01-0%sT00:00:00+01:00\n' "$f" "$dir" "$f" "$(wc -c < "$dir/$f" | tr -d ' ')" "$(ls "$dir" | grep -n "^$f\$" | cut -d: -f1)"; done;;
        prune) ls "$dir" | grep '^on-demand-' | sort -r | tail -n +$((keep + 1)) | while read -r f; do rm "$dir/$f"; done; echo 'level=info msg="pruned"' >&2;;
        *) exit 1;;
        esac
        """;

    private readonly TempTree _root = new();

    public EtcdSnapshotStepTests()
    {
        var k3s = _root.Write(K3sPaths.Binary, FakeK3s.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(k3s, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => _root.Dispose();

    private string DataDirectory => _root.PathOf(K3sPaths.DataDirectory);

    private string[] Calls => File.Exists(_root.PathOf("/usr/local/bin/k3s.calls")) ? File.ReadAllLines(_root.PathOf("/usr/local/bin/k3s.calls")) : [];

    private Task<CommandResult> Run(EtcdSnapshot.Types.Action action, string name = "", uint retention = 0) =>
        new K3sHostExecutor(new SystemRoot(_root.Root), _root.PathOf("/staging"), new FixedTime(DateTimeOffset.UnixEpoch))
            .RunAsync(new Command { Id = "c1", EtcdSnapshot = new EtcdSnapshot { Action = action, Name = name, Retention = retention } }, CancellationToken.None);

    private void Etcd() => Directory.CreateDirectory(_root.PathOf(K3sPaths.DataDirectory + "/server/db/etcd"));

    [Fact]
    public async Task Save_runs_k3s_with_the_name_then_answers_the_snapshots_k3s_lists()
    {
        Etcd();

        var result = await Run(EtcdSnapshot.Types.Action.Save, "nightly");

        Assert.True(result.OutcomeCase == CommandResult.OutcomeOneofCase.EtcdSnapshots, result.Error?.Message);
        var answer = result.EtcdSnapshots;
        Assert.Equal(EtcdSnapshots.Types.Datastore.Etcd, answer.Datastore);
        Assert.True(answer.Changed);
        Assert.Equal("level=info msg=\"Snapshot nightly-pi-01-1700000000 saved.\"", answer.Detail);
        var snapshot = Assert.Single(answer.Snapshots);
        Assert.Equal("nightly-pi-01-1700000000", snapshot.Name);
        Assert.Equal($"file://{DataDirectory}/server/db/snapshots/nightly-pi-01-1700000000", snapshot.Location);
        Assert.Equal(10UL, snapshot.Size);
        Assert.Equal(new DateTimeOffset(2023, 12, 31, 23, 0, 0, TimeSpan.Zero), snapshot.Created.ToDateTimeOffset());
        Assert.Equal([$"etcd-snapshot save --name nightly --data-dir {DataDirectory}", $"etcd-snapshot ls --data-dir {DataDirectory}"], Calls);
    }

    [Fact]
    public async Task Prune_keeps_the_newest_on_demand_snapshots_and_says_whether_it_removed_any()
    {
        Etcd();
        for (var i = 0; i < 3; i++)
        {
            await Run(EtcdSnapshot.Types.Action.Save);
        }

        var pruned = await Run(EtcdSnapshot.Types.Action.Prune, retention: 1);
        var again = await Run(EtcdSnapshot.Types.Action.Prune, retention: 1);

        Assert.True(pruned.EtcdSnapshots.Changed, pruned.Error?.Message);
        Assert.Equal(["on-demand-pi-01-1700000002"], pruned.EtcdSnapshots.Snapshots.Select(s => s.Name));
        Assert.False(again.EtcdSnapshots.Changed);
        Assert.Contains($"etcd-snapshot prune --snapshot-retention 1 --data-dir {DataDirectory}", Calls);
    }

    [Fact]
    public async Task Ls_changes_nothing_and_lists_every_snapshot()
    {
        Etcd();
        await Run(EtcdSnapshot.Types.Action.Save);
        await Run(EtcdSnapshot.Types.Action.Save, "weekly");

        var listed = await Run(EtcdSnapshot.Types.Action.List);

        Assert.False(listed.EtcdSnapshots.Changed);
        Assert.Equal(["on-demand-pi-01-1700000000", "weekly-pi-01-1700000001"], listed.EtcdSnapshots.Snapshots.Select(s => s.Name));
    }

    [Fact]
    public async Task A_single_server_on_SQLite_runs_nothing_and_answers_its_datastore()
    {
        _root.Write(K3sPaths.DataDirectory + "/server/db/state.db", "SQLite format 3");

        var sqlite = await Run(EtcdSnapshot.Types.Action.Save);
        File.Delete(_root.PathOf(K3sPaths.DataDirectory + "/server/db/state.db"));
        var none = await Run(EtcdSnapshot.Types.Action.Save);

        Assert.Equal(EtcdSnapshots.Types.Datastore.Sqlite, sqlite.EtcdSnapshots.Datastore);
        Assert.Contains("a single server on SQLite; nothing was run", sqlite.EtcdSnapshots.Detail, StringComparison.Ordinal);
        Assert.Equal(EtcdSnapshots.Types.Datastore.None, none.EtcdSnapshots.Datastore);
        Assert.Empty(none.EtcdSnapshots.Snapshots);
        Assert.Empty(Calls);
    }

    [Theory]
    [InlineData(EtcdSnapshot.Types.Action.Save, "../../etc", 0u, "the snapshot name \"../../etc\" is refused")]
    [InlineData(EtcdSnapshot.Types.Action.Save, "Nightly", 0u, "the snapshot name \"Nightly\" is refused")]
    [InlineData(EtcdSnapshot.Types.Action.Prune, "", 0u, "prune keeps 1 to 1000 snapshots, not 0")]
    [InlineData(EtcdSnapshot.Types.Action.Unspecified, "", 0u, "EtcdSnapshot names no action")]
    public async Task A_step_outside_the_rules_is_refused_before_anything_runs(EtcdSnapshot.Types.Action action, string name, uint retention, string refusal)
    {
        Etcd();

        var result = await Run(action, name, retention);

        Assert.Equal(CommandError.Types.Code.InvalidArgument, result.Error.Code);
        Assert.StartsWith(refusal, result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(Calls);
    }

    [Fact]
    public async Task A_failing_k3s_is_reported_with_its_last_line()
    {
        Etcd();
        var k3s = _root.PathOf(K3sPaths.Binary);
        File.WriteAllText(k3s, FakeK3s.ReplaceLineEndings("\n").Replace("[ -n \"$FAIL\" ]", "true", StringComparison.Ordinal) + "\n");

        var result = await Run(EtcdSnapshot.Types.Action.Save);

        Assert.Equal(CommandError.Types.Code.Internal, result.Error.Code);
        Assert.Equal("k3s etcd-snapshot save failed (exit 1): level=fatal msg=\"etcd-snapshot: context deadline exceeded\"", result.Error.Message);
    }

    [Fact]
    public void The_ls_table_is_read_as_K3s_prints_it_and_other_lines_are_counted()
    {
        var (snapshots, unreadable) = EtcdSnapshotTable.Parse("""
            Name                             Location                                                                     Size    Created
            etcd-snapshot-pi-01-1733536800   file:///var/lib/rancher/k3s/server/db/snapshots/etcd-snapshot-pi-01-1733536800   4919328 2024-12-07T02:00:00Z
            on-demand-pi-01-1733540000       s3://backups/k3s/on-demand-pi-01-1733540000                                  5001234 2024-12-07T02:53:20+01:00
            WARN something K3s said
            """);

        Assert.Equal(["etcd-snapshot-pi-01-1733536800", "on-demand-pi-01-1733540000"], snapshots.Select(s => s.Name));
        Assert.Equal("s3://backups/k3s/on-demand-pi-01-1733540000", snapshots[1].Location);
        Assert.Equal(5001234UL, snapshots[1].Size);
        Assert.Equal(new DateTimeOffset(2024, 12, 7, 1, 53, 20, TimeSpan.Zero), snapshots[1].Created.ToDateTimeOffset());
        Assert.Equal(1, unreadable);
    }
}
