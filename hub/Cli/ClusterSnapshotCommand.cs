using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Provisioning.Snapshots;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller cluster snapshot save|ls|prune|schedule NAME</c>: etcd snapshots of a cluster's embedded etcd,
/// taken with k3s etcd-snapshot on its first Ready server, and the hub's schedule for them.
/// </summary>
internal static class ClusterSnapshotCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var snapshot = new Command("snapshot", "etcd snapshots of a cluster with embedded etcd (k3s etcd-snapshot on its first Ready server), and their schedule");
        snapshot.Subcommands.Add(Save(client));
        snapshot.Subcommands.Add(List(client));
        snapshot.Subcommands.Add(Prune(client));
        snapshot.Subcommands.Add(Schedule(client));
        return snapshot;
    }

    private static Argument<string> Cluster() => new("name") { Description = "the cluster's name" };

    private static Option<int?> Retention(string description) => new("--retention") { Description = description };

    private static Command Save(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var cluster = Cluster();
        var name = new Option<string?>("--name") { Description = "the snapshot name's prefix (K3s adds -NODE-UNIXTIME; default on-demand)" };
        var save = new Command("save", "take an etcd snapshot now (k3s etcd-snapshot save) (admin)");
        save.Arguments.Add(cluster);
        save.Options.Add(name);
        var output = OutputOption.ForWrite(save, name: false);
        save.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = await hub.SaveSnapshotAsync(parse.GetValue(cluster)!, new SaveSnapshotRequest(parse.GetValue(name)), cancellationToken).ConfigureAwait(false);
            Print(output.Read(parse), view, $"snapshot saved on {view.Node}" + (view.Detail.Length == 0 ? "" : $": {view.Detail}"));
            return 0;
        });
        return save;
    }

    private static Command List(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var cluster = Cluster();
        var cached = new Option<bool>("--cached") { Description = "show what the hub last saw, without asking the cluster's server" };
        var ls = new Command("ls", "list a cluster's etcd snapshots (k3s etcd-snapshot ls on its first Ready server) and the schedule");
        ls.Aliases.Add("list");
        ls.Arguments.Add(cluster);
        ls.Options.Add(cached);
        var output = OutputOption.ForRead(ls, name: false);
        ls.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = await hub.ListSnapshotsAsync(parse.GetValue(cluster)!, !parse.GetValue(cached), cancellationToken).ConfigureAwait(false);
            var format = output.Read(parse);
            if (!Machine.Print(format, view, HubJsonContext.Default.SnapshotsView))
            {
                Terminal.Write(SnapshotText.Describe(view, format == OutputFormat.Wide));
            }
            return 0;
        });
        return ls;
    }

    private static Command Prune(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var cluster = Cluster();
        var retention = Retention("how many on-demand snapshots to keep (default: the schedule's, else 5)");
        var prune = new Command("prune", "remove the oldest on-demand snapshots beyond a count (k3s etcd-snapshot prune) (admin)");
        prune.Arguments.Add(cluster);
        prune.Options.Add(retention);
        var output = OutputOption.ForWrite(prune, name: false);
        prune.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = await hub.PruneSnapshotsAsync(parse.GetValue(cluster)!, new PruneSnapshotsRequest(parse.GetValue(retention)), cancellationToken).ConfigureAwait(false);
            Print(output.Read(parse), view, view.Changed ? $"pruned on {view.Node}" : $"nothing to prune on {view.Node}");
            return 0;
        });
        return prune;
    }

    private static Command Schedule(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var cluster = Cluster();
        var cron = new Option<string?>("--cron") { Description = "when to save, five-field cron text in UTC (default K3s's \"0 */12 * * *\")" };
        var retention = Retention("on-demand snapshots kept after each run (default 5)");
        var off = new Option<bool>("--off") { Description = "remove the schedule" };
        var schedule = new Command("schedule", "set when the hub saves and prunes a cluster's snapshots, or remove it with --off (admin)");
        schedule.Arguments.Add(cluster);
        schedule.Options.Add(cron);
        schedule.Options.Add(retention);
        schedule.Options.Add(off);
        var output = OutputOption.ForWrite(schedule, name: false);
        schedule.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(cluster)!;
            if (parse.GetValue(off) && (parse.GetValue(cron) is not null || parse.GetValue(retention) is not null))
            {
                throw new CliException("--off removes the schedule; give it alone, or set one with --cron and --retention");
            }
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var view = parse.GetValue(off)
                ? await hub.RemoveSnapshotScheduleAsync(name, cancellationToken).ConfigureAwait(false)
                : await hub.SetSnapshotScheduleAsync(name, new SnapshotScheduleRequest(parse.GetValue(cron), parse.GetValue(retention)), cancellationToken).ConfigureAwait(false);
            if (!Machine.Print(output.Read(parse), view, HubJsonContext.Default.SnapshotsView))
            {
                Terminal.WriteLine($"cluster {name}: {SnapshotText.Schedule(view)}");
            }
            return 0;
        });
        return schedule;
    }

    private static void Print(OutputFormat format, SnapshotsView view, string sentence)
    {
        if (!Machine.Print(format, view, HubJsonContext.Default.SnapshotsView))
        {
            Terminal.WriteLine(sentence);
            Terminal.Write(SnapshotText.Describe(view, wide: false));
        }
    }
}
