using PiController.Hub.Api;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>
/// Runs each cluster's snapshot schedule: when its cron time has come (<see cref="SnapshotScheduleRecord.NextRunAt"/>),
/// a save and then a prune to the schedule's retention, on the cluster's first Ready server, with the outcome kept
/// on the schedule (last run, last error). A time missed while the hub was down is run once at start, not once per
/// missed time. Time comes from <see cref="TimeProvider"/>; it looks at the schedules at least once a minute, so a
/// changed schedule needs no signal.
/// </summary>
internal sealed class SnapshotScheduler(SnapshotStore store, SnapshotService snapshots, TimeProvider time, ILogger<SnapshotScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunDueAsync(stoppingToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var next = store.Schedules().Select(s => s.NextRunAt).Where(n => n is not null).Min();
            var wait = next is { } at ? TimeSpan.FromTicks(Math.Clamp((at - now).Ticks, 0, LongestWait.Ticks)) : LongestWait;
            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Runs every schedule that is due now; answers the clusters it ran.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ran = new List<string>();
        foreach (var schedule in store.Schedules().Where(s => s.NextRunAt <= now))
        {
            var error = "";
            try
            {
                await snapshots.RunAsync(schedule.Cluster, new EtcdSnapshotRequest(EtcdSnapshotAction.Save), cancellationToken, scheduled: true).ConfigureAwait(false);
                await snapshots.RunAsync(schedule.Cluster, new EtcdSnapshotRequest(EtcdSnapshotAction.Prune, Retention: schedule.Retention), cancellationToken, scheduled: true).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One cluster's failure (a refusal, a node that broke off mid-step) is kept on its schedule; the
                // others' runs and the hub go on.
                error = e is HubException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                SnapshotLog.ScheduleFailed(logger, schedule.Cluster, error);
            }
            store.Ran(schedule.Cluster, now, error);
            ran.Add(schedule.Cluster);
        }
        return ran;
    }
}
