using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Hub.Events;
using PiController.Hub.Hardware;
using PiController.Hub.Tests.Events;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Hardware;

public sealed class HardwareEventFeedTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly EventBusFixture _f = new();
    private readonly HardwareEventLimits _options = new(PerWindow: 40, Window: TimeSpan.FromSeconds(10));
    private HardwareEventFeed _feed = null!;
    private HardwareEventPublisher _publish = null!;

    public Task InitializeAsync()
    {
        _publish = new HardwareEventPublisher(_f.Bus);
        _feed = new HardwareEventFeed(_f.Bus, _publish, new PiController.Hub.Resources.ResourceClaims(new PiController.Hub.Resources.ResourceStore(_f.Database, _f.Time)), _f.Time, _options, NullLogger<HardwareEventFeed>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static PinEvent Edge(uint bcm, GpioEdge edge, int second) =>
        new() { Bcm = bcm, Edge = edge, At = Timestamp.FromDateTimeOffset(At.AddSeconds(second)), MonotonicNs = second * 1_000_000_000L };

    /// <summary>Records through the feed and waits until the bus has stored what it published.</summary>
    private async Task<List<HubEvent>> RecordAsync(string nodeId, HardwareEvents events, int expected)
    {
        using var witness = _f.Bus.Subscribe(null, EventFilter.All);
        await _feed.RecordAsync(nodeId, events, CancellationToken.None);
        return await EventBusFixture.TakeAsync(witness, expected);
    }

    [Fact]
    public async Task Every_input_edge_is_published_and_the_pin_events_route_reads_them_back_per_node_and_pin()
    {
        var published = await RecordAsync("a", new HardwareEvents { PinEvents = { Edge(27, GpioEdge.Rising, 1), Edge(22, GpioEdge.Falling, 2), Edge(27, GpioEdge.Falling, 3) } }, 3);
        await RecordAsync("b", new HardwareEvents { PinEvents = { Edge(5, GpioEdge.Rising, 4) } }, 1);

        var a = _feed.PinEvents("a", 27, 100);

        Assert.All(published, e => Assert.Equal(EventTypes.GpioStateChanged, e.Type));
        var first = published[0].Payload;
        Assert.Equal("edge", first.GetProperty("source").GetString());
        Assert.Equal("rising", first.GetProperty("edge").GetString());
        Assert.True(first.GetProperty("high").GetBoolean());
        Assert.Equal(At.AddSeconds(1), first.GetProperty("agentAt").GetDateTimeOffset());
        Assert.Equal(["rising", "falling"], a.Events.Select(e => e.Edge));
        Assert.Equal([At.AddSeconds(1), At.AddSeconds(3)], a.Events.Select(e => e.At));
        Assert.Equal(3_000_000_000L, a.Events[1].MonotonicNs);
        Assert.Single(_feed.PinEvents("b", null, 100).Events);
        Assert.Empty(_feed.PinEvents("unknown", null, 100).Events);
    }

    [Fact]
    public async Task The_pin_events_route_returns_the_newest_edges_oldest_first()
    {
        var batch = new HardwareEvents();
        for (var i = 0; i < 30; i++)
        {
            batch.PinEvents.Add(Edge(17, i % 2 == 0 ? GpioEdge.Rising : GpioEdge.Falling, i));
        }
        await RecordAsync("a", batch, 30);

        var kept = _feed.PinEvents("a", null, 10).Events;

        Assert.Equal(Enumerable.Range(20, 10).Select(i => At.AddSeconds(i)), kept.Select(e => e.At));
    }

    [Fact]
    public async Task Drops_reported_by_the_agent_are_counted_and_interval_readings_published_and_kept()
    {
        var reading = new SensorReading { Bus = 1, Address = 0x76, Device = "bme280", At = Timestamp.FromDateTimeOffset(At) };
        reading.Values["temperature_celsius"] = 21.5;

        using var witness = _f.Bus.Subscribe(null, EventFilter.All);
        await _feed.RecordAsync("a", new HardwareEvents { Dropped = 7, Readings = { reading } }, CancellationToken.None);
        _f.Time.Advance(_options.Window);
        var published = await EventBusFixture.TakeAsync(witness, 2);

        Assert.Equal(EventTypes.I2cReading, published[0].Type);
        Assert.Equal(EventTypes.HardwareEventsDropped, published[1].Type);
        Assert.Equal(7, published[1].Payload.GetProperty("agentQueue").GetInt64());
        Assert.Equal("watch", published[0].Payload.GetProperty("source").GetString());
        Assert.Equal(7, _feed.PinEvents("a", null, 10).Dropped);
        var kept = Assert.Single(_feed.Readings("a", 10).Readings);
        Assert.Equal("0x76", kept.Address);
        Assert.Equal(At, kept.At);
        Assert.Equal(21.5, kept.Values["temperature_celsius"]);
    }

    [Fact]
    public async Task Direct_API_changes_are_published_from_the_agents_answer()
    {
        using var witness = _f.Bus.Subscribe(null, EventFilter.All);
        var pin = new GpioPinState { Bcm = 17, Physical = 11, Mode = GpioMode.Output, High = true };
        await _publish.PinsChangedByApiAsync("a", [pin], CancellationToken.None);
        var stopped = new PwmChannelState { Bcm = 18, Chip = 0, Channel = 2, FrequencyHz = 1000, DutyPercent = 0 };
        await _publish.PwmChangedByApiAsync("a", new PwmChannels { Channels = { stopped } }, running: false, CancellationToken.None);
        var reading = new SensorReading { Bus = 1, Address = 0x44, Device = "sht3x", At = Timestamp.FromDateTimeOffset(At) };
        await _publish.ReadingAsync("a", reading, HardwareEventPublisher.ApiSource, CancellationToken.None);

        var events = await EventBusFixture.TakeAsync(witness, 3);

        Assert.Equal([EventTypes.GpioStateChanged, EventTypes.PwmChanged, EventTypes.I2cReading], events.Select(e => e.Type));
        Assert.Equal("api", events[0].Payload.GetProperty("source").GetString());
        Assert.Equal("output", events[0].Payload.GetProperty("mode").GetString());
        Assert.True(events[0].Payload.GetProperty("high").GetBoolean());
        Assert.False(events[1].Payload.GetProperty("running").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, events[1].Payload.GetProperty("frequencyHz").ValueKind);
        Assert.Equal("0x44", events[2].Payload.GetProperty("address").GetString());
    }

    [Fact]
    public async Task A_noisy_input_is_stored_up_to_the_nodes_budget_and_the_rest_is_summarized_once_per_window()
    {
        using var witness = _f.Bus.Subscribe(null, EventFilter.All);
        var noisy = new HardwareEvents();
        for (var i = 0; i < 100; i++)
        {
            noisy.PinEvents.Add(Edge(27, i % 2 == 0 ? GpioEdge.Rising : GpioEdge.Falling, i));
        }
        var reading = new SensorReading { Bus = 1, Address = 0x76, Device = "bme280", At = Timestamp.FromDateTimeOffset(At) };
        noisy.Readings.Add(reading);

        await _feed.RecordAsync("a", noisy, CancellationToken.None);
        await _feed.RecordAsync("a", noisy, CancellationToken.None);
        await _feed.RecordAsync("b", new HardwareEvents { PinEvents = { Edge(5, GpioEdge.Rising, 1) } }, CancellationToken.None);
        var stored = await EventBusFixture.TakeAsync(witness, 40 + 2 + 1);

        // Within the window: the budget's 40 edges of node a, both readings (a flood of edges does not crowd them out), node b's edge.
        Assert.Equal(40, stored.Count(e => e.Type == EventTypes.GpioStateChanged && e.NodeId == "a"));
        Assert.Equal(2, stored.Count(e => e.Type == EventTypes.I2cReading));
        Assert.Single(stored, e => e.NodeId == "b");
        Assert.DoesNotContain(stored, e => e.Type == EventTypes.HardwareEventsDropped);
        Assert.Equal(160, _feed.PinEvents("a", null, 1000).Dropped);

        _f.Time.Advance(_options.Window);
        var summary = Assert.Single(await EventBusFixture.TakeAsync(witness, 1));
        Assert.Equal((EventTypes.HardwareEventsDropped, "a"), (summary.Type, summary.NodeId));
        Assert.Equal(160, summary.Payload.GetProperty("edges").GetInt64());
        Assert.Equal(0, summary.Payload.GetProperty("readings").GetInt64());
        Assert.Equal(EventBusFixture.Start, summary.Payload.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(EventBusFixture.Start + _options.Window, summary.Payload.GetProperty("to").GetDateTimeOffset());

        // The next window has its budget again; nothing more was dropped, so no second summary comes.
        await _feed.RecordAsync("a", new HardwareEvents { PinEvents = { Edge(27, GpioEdge.Rising, 200) } }, CancellationToken.None);
        _f.Time.Advance(_options.Window * 3);
        await _feed.RecordAsync("a", new HardwareEvents { PinEvents = { Edge(27, GpioEdge.Falling, 300) } }, CancellationToken.None);
        Assert.All(await EventBusFixture.TakeAsync(witness, 2), e => Assert.Equal(EventTypes.GpioStateChanged, e.Type));
    }
}
