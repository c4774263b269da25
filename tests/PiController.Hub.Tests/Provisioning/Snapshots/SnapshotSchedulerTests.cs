using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Snapshots;
using PiController.Hub.State;
using PiController.Hub.Tests.Provisioning.Clusters;

namespace PiController.Hub.Tests.Provisioning.Snapshots;

/// <summary>
/// The schedule on a fake clock, over the hub's own database and transports: nothing before the cron time, a save and
/// a prune to the retention when it comes, a missed time run once, and a failure kept on the schedule.
/// </summary>
public sealed class SnapshotSchedulerTests : ClusterPlanFixture
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));

    private SnapshotStore Store => new(Hub.App.Services.GetRequiredService<HubDatabase>(), _clock);

    private SnapshotScheduler Scheduler()
    {
        var service = new SnapshotService(Hub.App.Services.GetRequiredService<ClusterStore>(), Store,
            Hub.App.Services.GetRequiredService<NodeTransports>(), Hub.App.Services.GetRequiredService<SnapshotEvents>(), NullLogger<SnapshotService>.Instance);
        return new SnapshotScheduler(Store, service, _clock, NullLogger<SnapshotScheduler>.Instance);
    }

    private IReadOnlyList<string> SnapshotSteps(string node) => [.. StepsOf(node).Where(s => s.StartsWith("k3s etcd-snapshot", StringComparison.Ordinal))];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Nodes.Clock = _clock;
        (await CreateAsync("lab", ["ssh:s1"], [])).EnsureSuccessStatusCode();
        await SettledAsync("lab");
    }

    [Fact]
    public async Task Nothing_runs_before_the_cron_time_and_a_save_then_a_prune_run_when_it_comes()
    {
        Store.SetSchedule("lab", "0 */12 * * *", 2);
        var scheduler = Scheduler();

        var early = await scheduler.RunDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(11));
        var due = await scheduler.RunDueAsync(CancellationToken.None);
        var again = await scheduler.RunDueAsync(CancellationToken.None);

        Assert.Empty(early);
        Assert.Equal(["lab"], due);
        Assert.Empty(again);
        Assert.Equal(["k3s etcd-snapshot save", "k3s etcd-snapshot prune --snapshot-retention 2"], SnapshotSteps("s1"));
        var schedule = Store.Schedule("lab")!;
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), schedule.LastRunAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), schedule.NextRunAt);
        Assert.Equal("", schedule.LastError);
    }

    [Fact]
    public async Task Times_missed_while_the_hub_was_down_run_once_and_the_retention_holds()
    {
        Store.SetSchedule("lab", "0 * * * *", 2);
        var scheduler = Scheduler();

        _clock.Advance(TimeSpan.FromHours(5));
        await scheduler.RunDueAsync(CancellationToken.None);
        for (var hour = 0; hour < 3; hour++)
        {
            _clock.Advance(TimeSpan.FromHours(1));
            await scheduler.RunDueAsync(CancellationToken.None);
        }

        Assert.Equal(4, SnapshotSteps("s1").Count(s => s == "k3s etcd-snapshot save"));
        lock (Nodes.SnapshotsOf("s1"))
        {
            Assert.Equal(2, Nodes.SnapshotsOf("s1").Count);
        }
        Assert.Equal(2, Store.Snapshots("lab").Count);
    }

    [Fact]
    public async Task A_failed_run_is_kept_on_the_schedule_and_the_next_time_is_tried_again()
    {
        Store.SetSchedule("lab", "30 * * * *", 5);
        Nodes.Unreachable.Add("s1");
        var scheduler = Scheduler();

        _clock.Advance(TimeSpan.FromMinutes(30));
        await scheduler.RunDueAsync(CancellationToken.None);

        var schedule = Store.Schedule("lab")!;
        Assert.StartsWith("no Ready server of cluster lab could be reached for k3s etcd-snapshot save: ssh:s1: s1 does not answer", schedule.LastError, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 2, 30, 0, TimeSpan.Zero), schedule.NextRunAt);
    }

    [Fact]
    public async Task The_hosted_schedule_wakes_on_the_clock_and_saves_at_the_cron_time()
    {
        Store.SetSchedule("lab", "15 1 * * *", 5);
        using var scheduler = Scheduler();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            Assert.Empty(SnapshotSteps("s1"));

            await Eventually.TrueAsync(() =>
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
                return Task.FromResult(SnapshotSteps("s1").Contains("k3s etcd-snapshot save"));
            }, TimeSpan.FromSeconds(30), "the scheduled save never ran");

            Assert.True(Store.Schedule("lab")!.LastRunAt >= new DateTimeOffset(2026, 12, 7, 1, 15, 0, TimeSpan.Zero));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }
}
