using System.Globalization;
using System.Text;
using PiController.Hub.Provisioning.Snapshots;

namespace PiController.Hub.Cli;

/// <summary>How cluster snapshot and cluster get print a cluster's etcd snapshots and its schedule.</summary>
internal static class SnapshotText
{
    /// <summary>The snapshots as a table (-o wide adds where each is), then the schedule's line.</summary>
    public static string Describe(SnapshotsView view, bool wide)
    {
        var text = new StringBuilder();
        if (view.Snapshots.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No etcd snapshots of cluster {view.Cluster} seen yet. Take one: pi-controller cluster snapshot save {view.Cluster}\n");
        }
        else
        {
            text.Append(TextTable.Render(wide ? ["NAME", "NODE", "SIZE", "CREATED", "LOCATION"] : ["NAME", "NODE", "SIZE", "CREATED"],
                view.Snapshots.Select(s => wide
                    ? new[] { s.Name, s.Node, Size(s.Size), TextTable.Time(s.CreatedAt), s.Location }
                    : [s.Name, s.Node, Size(s.Size), TextTable.Time(s.CreatedAt)]))).Append('\n');
        }
        return text.Append(Schedule(view)).Append('\n').ToString();
    }

    /// <summary>The lines of cluster get: a heading with the count and schedule, then the newest few.</summary>
    public static string ForClusterGet(SnapshotsView view, int newest = 5)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"\netcd snapshots: {view.Snapshots.Count}; {Schedule(view)}\n");
        if (view.Snapshots.Count > 0)
        {
            text.Append(TextTable.Render(["SNAPSHOT", "NODE", "SIZE", "CREATED"],
                view.Snapshots.Take(newest).Select(s => new[] { s.Name, s.Node, Size(s.Size), TextTable.Time(s.CreatedAt) }))).Append('\n');
            if (view.Snapshots.Count > newest)
            {
                text.Append(CultureInfo.InvariantCulture, $"({view.Snapshots.Count - newest} older: pi-controller cluster snapshot ls {view.Cluster})\n");
            }
        }
        return text.ToString();
    }

    public static string Schedule(SnapshotsView view) => view.Schedule is not { } s
        ? $"no schedule (set one: pi-controller cluster snapshot schedule {view.Cluster} --cron \"0 */12 * * *\" --retention 5)"
        : string.Create(CultureInfo.InvariantCulture, $"schedule \"{s.Cron}\" (UTC), keeps {s.Retention}; next {TextTable.Time(s.NextRunAt, "none")}, last {TextTable.Time(s.LastRunAt)}")
          + (s.LastError.Length == 0 ? "" : $"; the last run failed: {s.LastError}");

    private static string Size(long bytes) => NodeTable.Bytes((ulong)Math.Max(0, bytes));
}
