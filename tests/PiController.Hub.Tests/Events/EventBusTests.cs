using PiController.Hub.Api;
using PiController.Hub.Events;

namespace PiController.Hub.Tests.Events;

public sealed class EventBusTests : IAsyncLifetime
{
    private readonly EventBusFixture _f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task A_subscriber_that_resumes_gets_the_stored_events_after_since_then_the_live_ones_once_in_order()
    {
        var stored = await _f.PublishAndWaitAsync(10);
        using var resumed = _f.Bus.Subscribe(stored[2].Id, EventFilter.All);

        var live = _f.PublishAndWaitAsync(5);
        var received = await EventBusFixture.TakeAsync(resumed, 12);
        await live;

        Assert.Equal(Enumerable.Range((int)stored[3].Id, 12).Select(i => (long)i), received.Select(e => e.Id));
        Assert.Null(resumed.MissedBefore);
    }

    [Fact]
    public async Task Resuming_from_the_newest_id_gives_only_events_published_afterwards()
    {
        var stored = await _f.PublishAndWaitAsync(3);
        using var resumed = _f.Bus.Subscribe(stored[^1].Id, EventFilter.All);

        var next = await _f.PublishAndWaitAsync(2);

        Assert.Equal(next.Select(e => e.Id), (await EventBusFixture.TakeAsync(resumed, 2)).Select(e => e.Id));
        Assert.Equal(stored[^1].Id + 1, next[0].Id);
    }

    [Fact]
    public async Task Subscribers_joining_while_many_publishers_write_each_see_every_id_once_in_order()
    {
        const int publishers = 4, each = 400;
        var subscriptions = new List<(long Since, EventSubscription Subscription)>();
        var writers = Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < each; i++)
            {
                await _f.Bus.PublishAsync(EventTypes.GpioStateChanged, $"node-{p}", EventBusFixture.Gpio(i), HubJsonContext.Default.GpioStateChangedPayload);
            }
        })).ToList();
        // Join at several points while the writer is storing and fanning out batches.
        for (var k = 0; k < 8; k++)
        {
            var since = _f.Store.LastId();
            subscriptions.Add((since, _f.Bus.Subscribe(since, EventFilter.All)));
            await Task.Yield();
        }
        await Task.WhenAll(writers);

        foreach (var (since, subscription) in subscriptions)
        {
            var received = await EventBusFixture.TakeAsync(subscription, publishers * each - (int)since);
            Assert.Equal(Enumerable.Range((int)since + 1, publishers * each - (int)since).Select(i => (long)i), received.Select(e => e.Id));
            subscription.Dispose();
        }
        using var all = _f.Bus.Subscribe(0, EventFilter.All);
        var everything = await EventBusFixture.TakeAsync(all, publishers * each);
        for (var p = 0; p < publishers; p++)
        {
            // Each publisher's own events keep the order it published them in.
            var bcms = everything.Where(e => e.NodeId == $"node-{p}").Select(e => e.Payload.GetProperty("bcm").GetInt32()).ToList();
            Assert.Equal(Enumerable.Range(0, each), bcms);
        }
    }

    [Fact]
    public async Task Filters_by_type_prefix_and_node_apply_to_stored_and_live_events()
    {
        await _f.PublishAsync(EventTypes.NodeConnected, "node-a", 0);
        await _f.PublishAsync(EventTypes.GpioStateChanged, "node-a", 1);
        await _f.PublishAsync(EventTypes.NodeStatusChanged, "node-b", 2);
        await _f.PublishAndWaitAsync(1, EventTypes.NodeDiscovered, nodeId: null);
        var nodeEvents = Filter(["node.*"], []);
        var nodeA = Filter([], ["node-a"]);
        using var byType = _f.Bus.Subscribe(0, nodeEvents);
        using var byNode = _f.Bus.Subscribe(0, nodeA);

        await _f.PublishAndWaitAsync(1, EventTypes.NodeDisconnected, "node-a");

        Assert.Equal([EventTypes.NodeConnected, EventTypes.NodeStatusChanged, EventTypes.NodeDiscovered, EventTypes.NodeDisconnected],
            (await EventBusFixture.TakeAsync(byType, 4)).Select(e => e.Type));
        Assert.Equal([EventTypes.NodeConnected, EventTypes.GpioStateChanged, EventTypes.NodeDisconnected],
            (await EventBusFixture.TakeAsync(byNode, 3)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_subscriber_that_falls_behind_is_ended_after_what_it_holds_and_resumes_without_loss()
    {
        using var slow = _f.Bus.Subscribe(null, EventFilter.All, capacity: 4);
        var published = await _f.PublishAndWaitAsync(10);

        var received = new List<HubEvent>();
        var ended = await Assert.ThrowsAsync<EventSubscriptionOverflowException>(async () =>
        {
            await foreach (var e in slow.ReadAllAsync())
            {
                received.Add(e);
            }
        });
        using var resumed = _f.Bus.Subscribe(slow.LastDelivered, EventFilter.All);
        received.AddRange(await EventBusFixture.TakeAsync(resumed, 6));

        Assert.Contains("since=", ended.Message, StringComparison.Ordinal);
        Assert.Equal(published[3].Id, slow.LastDelivered);
        Assert.Equal(published.Select(e => e.Id), received.Select(e => e.Id));
        Assert.Equal(1, _f.Bus.SubscriberCount);
    }

    [Fact]
    public async Task Resuming_from_an_id_retention_removed_says_which_is_the_first_id_left()
    {
        var old = await _f.PublishAndWaitAsync(5);
        _f.Time.Advance(TimeSpan.FromDays(2));
        var recent = await _f.PublishAndWaitAsync(5);
        Assert.Equal(5, _f.Store.DeleteBefore(EventBusFixture.Start.AddDays(1)));

        using var gap = _f.Bus.Subscribe(old[1].Id, EventFilter.All);
        using var noGap = _f.Bus.Subscribe(old[^1].Id, EventFilter.All);

        Assert.Equal(recent[0].Id, gap.MissedBefore);
        Assert.Equal(recent.Select(e => e.Id), (await EventBusFixture.TakeAsync(gap, 5)).Select(e => e.Id));
        Assert.Null(noGap.MissedBefore);
    }

    [Fact]
    public async Task When_retention_removed_everything_a_resuming_subscriber_is_told_the_next_id()
    {
        var old = await _f.PublishAndWaitAsync(3);
        _f.Time.Advance(TimeSpan.FromDays(8));
        _f.Store.DeleteBefore(_f.Time.GetUtcNow());

        using var resumed = _f.Bus.Subscribe(0, EventFilter.All);

        Assert.Equal(old[^1].Id + 1, resumed.MissedBefore);
    }

    [Fact]
    public async Task A_since_beyond_the_newest_id_skips_live_events_up_to_it()
    {
        var stored = await _f.PublishAndWaitAsync(2);
        using var ahead = _f.Bus.Subscribe(stored[^1].Id + 2, EventFilter.All);

        var next = await _f.PublishAndWaitAsync(4);

        Assert.Equal(next.Skip(2).Select(e => e.Id), (await EventBusFixture.TakeAsync(ahead, 2)).Select(e => e.Id));
    }

    [Fact]
    public async Task Stopping_the_bus_ends_subscriptions_with_a_reason_and_later_publishes_are_dropped_not_thrown()
    {
        using var subscription = _f.Bus.Subscribe(null, EventFilter.All);
        await _f.Bus.StopAsync(CancellationToken.None);

        await Assert.ThrowsAsync<EventBusStoppedException>(async () => await EventBusFixture.TakeAsync(subscription, 1));
        await _f.PublishAsync(EventTypes.NodeConnected, "node-a", 1);
        _f.Bus.Publish(EventTypes.NodeConnected, "node-a", EventBusFixture.Gpio(2), HubJsonContext.Default.GpioStateChangedPayload);
        Assert.Equal(0, _f.Store.LastId());
    }

    [Fact]
    public async Task A_resume_is_served_from_memory_and_from_the_store_alike()
    {
        var stored = await _f.PublishAndWaitAsync(12);
        var typeFilter = Filter([EventTypes.GpioStateChanged], ["node-a"]);
        await using var restarted = new EventBus(_f.Store, _f.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<EventBus>.Instance);
        await restarted.StartAsync(CancellationToken.None);

        using var fromMemory = _f.Bus.Subscribe(stored[1].Id, typeFilter);
        using var fromStore = restarted.Subscribe(stored[1].Id, typeFilter);
        var memory = await EventBusFixture.TakeAsync(fromMemory, 10);
        var store = await EventBusFixture.TakeAsync(fromStore, 10);

        Assert.Same(stored[5], memory[3]);
        Assert.Null(restarted.ReadRecent(0, stored[^1].Id, EventFilter.All, 10));
        Assert.Equal(memory.Select(e => (e.Id, e.Type, e.NodeId, e.At)), store.Select(e => (e.Id, e.Type, e.NodeId, e.At)));
        Assert.Equal(memory.Select(e => e.Payload.GetRawText()), store.Select(e => e.Payload.GetRawText()));
        Assert.Equal(memory.Select(e => e.Message.ToArray()), store.Select(e => e.Message.ToArray()));
    }

    [Fact]
    public async Task After_a_retention_gap_the_stream_starts_at_the_first_stored_id_even_if_memory_holds_older_ones()
    {
        var old = await _f.PublishAndWaitAsync(4);
        _f.Time.Advance(TimeSpan.FromDays(2));
        var recent = await _f.PublishAndWaitAsync(2);
        _f.Store.DeleteBefore(EventBusFixture.Start.AddDays(1));

        using var resumed = _f.Bus.Subscribe(old[0].Id, EventFilter.All);

        Assert.Equal(recent[0].Id, resumed.MissedBefore);
        Assert.Equal(recent.Select(e => e.Id), (await EventBusFixture.TakeAsync(resumed, 2)).Select(e => e.Id));
    }

    private static EventFilter Filter(string[] types, string[] nodes) =>
        new(new HashSet<string>(types, StringComparer.Ordinal), new HashSet<string>(nodes, StringComparer.Ordinal));
}
