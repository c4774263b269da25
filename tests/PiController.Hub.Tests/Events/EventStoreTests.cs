using System.Text.Json;
using PiController.Hub.Events;

namespace PiController.Hub.Tests.Events;

public sealed class EventStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = EventBusFixture.Start;
    private readonly TempDirectory _directory = new();
    private readonly EventStore _store;

    public EventStoreTests() => _store = new EventStore(_directory.MigratedDatabase());

    public void Dispose() => _directory.Dispose();

    private static PendingEvent Pending(string type, string? node, DateTimeOffset at, int n = 0) =>
        new(type, node, at, JsonDocument.Parse($$"""{"n":{{n}}}""").RootElement.Clone());

    [Fact]
    public void Appended_events_get_increasing_ids_and_read_back_as_written()
    {
        var stored = _store.Append([Pending(EventTypes.NodeConnected, "node-a", T0, 1), Pending(EventTypes.NodeDiscovered, null, T0.AddSeconds(1), 2)]);

        var page = _store.Read(0, _store.LastId(), EventFilter.All, 10);

        Assert.Equal([1L, 2L], stored.Select(e => e.Id));
        Assert.Equal(stored.Select(e => (e.Id, e.Type, e.NodeId, e.At)), page.Events.Select(e => (e.Id, e.Type, e.NodeId, e.At)));
        Assert.Equal(2, page.Events[1].Payload.GetProperty("n").GetInt32());
        Assert.Null(page.Events[1].NodeId);
    }

    [Fact]
    public void Filtered_pages_are_full_until_the_last_and_say_where_to_continue()
    {
        _store.Append(Enumerable.Range(0, 30).Select(i => Pending(i % 2 == 0 ? EventTypes.NodeConnected : EventTypes.GpioStateChanged, "node-a", T0, i)).ToList());
        var filter = new EventFilter(new HashSet<string> { "node.*" }, new HashSet<string>());

        var seen = new List<int>();
        var after = 0L;
        var pages = 0;
        while (after < 30)
        {
            var page = _store.Read(after, 30, filter, 4);
            seen.AddRange(page.Events.Select(e => e.Payload.GetProperty("n").GetInt32()));
            Assert.True(page.Events.Count == 4 || page.ScannedUpTo == 30, "a short page is the last");
            after = page.ScannedUpTo;
            pages++;
        }

        Assert.Equal(Enumerable.Range(0, 15).Select(i => i * 2), seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public void A_type_prefix_matches_only_types_under_it_and_nodes_exclude_hub_wide_events()
    {
        _store.Append([Pending(EventTypes.NodeStatusChanged, "node-a", T0), Pending(EventTypes.GpioStateChanged, "node-a", T0),
            Pending(EventTypes.NodeDiscovered, null, T0), Pending(EventTypes.NodeConnected, "node-b", T0)]);
        var prefix = new EventFilter(new HashSet<string> { "node.status.*" }, new HashSet<string>());
        var nodes = new EventFilter(new HashSet<string>(), new HashSet<string> { "node-a", "node-b" });

        Assert.Equal([EventTypes.NodeStatusChanged], _store.Read(0, 4, prefix, 10).Events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 4L], _store.Read(0, 4, nodes, 10).Events.Select(e => e.Id));
    }

    [Fact]
    public void Retention_deletes_an_unbroken_run_of_ids_even_when_times_are_out_of_order()
    {
        // Publishers stamp the time before the writer assigns ids, so a later id may carry an earlier time.
        _store.Append([Pending(EventTypes.NodeConnected, "a", T0.AddSeconds(10)), Pending(EventTypes.NodeConnected, "a", T0.AddSeconds(5)),
            Pending(EventTypes.NodeConnected, "a", T0.AddSeconds(20)), Pending(EventTypes.NodeConnected, "a", T0.AddSeconds(7))]);

        var removed = _store.DeleteBefore(T0.AddSeconds(8));

        Assert.Equal(4, removed);
        Assert.Null(_store.FirstId());
        Assert.Equal(4, _store.LastId());
    }

    [Fact]
    public void Ids_are_never_reused_after_the_newest_rows_were_deleted()
    {
        _store.Append([Pending(EventTypes.NodeConnected, "a", T0), Pending(EventTypes.NodeConnected, "a", T0)]);
        _store.DeleteBefore(T0.AddDays(1));

        var next = _store.Append([Pending(EventTypes.NodeConnected, "a", T0)]);

        Assert.Equal(3, next[0].Id);
        Assert.Equal(3, _store.FirstId());
    }

    [Fact]
    public void Latest_returns_the_newest_matching_events_first()
    {
        _store.Append(Enumerable.Range(0, 2500).Select(i => Pending(EventTypes.GpioStateChanged, i % 5 == 0 ? "node-a" : "node-b", T0, i)).ToList());
        var nodeA = new EventFilter(new HashSet<string> { EventTypes.GpioStateChanged }, new HashSet<string> { "node-a" });

        var latest = _store.Latest(nodeA, e => e.Payload.GetProperty("n").GetInt32() % 10 == 0, 3);

        Assert.Equal([2490, 2480, 2470], latest.Select(e => e.Payload.GetProperty("n").GetInt32()));
    }
}
