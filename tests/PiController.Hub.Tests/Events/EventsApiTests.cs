using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Events;
using PiController.Hub.Security;
using PiController.Protocol.Api;

namespace PiController.Hub.Tests.Events;

/// <summary>The event stream and list through the hub as served: real TLS, bearer tokens, WebSocket, gRPC.</summary>
public sealed class EventsApiTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InProcessHub _hub = null!;
    private string _viewer = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync(services => services.AddSingleton<TimeProvider>(_time));
        _viewer = _hub.Token(ApiRole.Viewer);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private EventBus Bus => _hub.App.Services.GetRequiredService<EventBus>();

    private async Task<List<long>> PublishAsync(int count, string type = EventTypes.GpioStateChanged, string? node = "node-a")
    {
        using var witness = Bus.Subscribe(null, EventFilter.All);
        for (var i = 0; i < count; i++)
        {
            await Bus.PublishAsync(type, node, EventBusFixture.Gpio(i), EventsJsonContext.Default.GpioStateChangedPayload);
        }
        return (await EventBusFixture.TakeAsync(witness, count)).Select(e => e.Id).ToList();
    }

    [Fact]
    public async Task A_WebSocket_client_gets_only_the_events_its_filters_ask_for_as_one_JSON_message_each()
    {
        using var socket = await EventSocket.ConnectAsync(_hub, _viewer, "?type=gpio.state.changed&node=node-a,node-c");

        await PublishAsync(1, EventTypes.NodeConnected, "node-a");
        await PublishAsync(1, EventTypes.GpioStateChanged, "node-b");
        var wanted = await PublishAsync(2, EventTypes.GpioStateChanged, "node-a");
        var messages = await socket.ReceiveAsync(2);

        Assert.Equal(wanted, messages.Select(m => m.GetProperty("id").GetInt64()));
        var first = messages[0];
        Assert.Equal("gpio.state.changed", first.GetProperty("type").GetString());
        Assert.Equal("node-a", first.GetProperty("nodeId").GetString());
        Assert.Equal(0, first.GetProperty("payload").GetProperty("bcm").GetInt32());
        Assert.Equal("api", first.GetProperty("payload").GetProperty("source").GetString());
        Assert.True(first.TryGetProperty("at", out _));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_and_resumes_with_since_misses_nothing_and_sees_nothing_twice()
    {
        var before = await PublishAsync(3);
        var first = await EventSocket.ConnectAsync(_hub, _viewer, $"?since={before[0] - 1}");
        var published = new List<long>(before);
        published.AddRange(await PublishAsync(4));
        var received = (await first.ReceiveAsync(5)).Select(m => m.GetProperty("id").GetInt64()).ToList();
        first.Socket.Abort();
        first.Dispose();

        published.AddRange(await PublishAsync(6));
        using var resumed = await EventSocket.ConnectAsync(_hub, _viewer, $"?since={received[^1]}");
        var live = PublishAsync(2);
        received.AddRange((await resumed.ReceiveAsync(published.Count - received.Count + 2)).Select(m => m.GetProperty("id").GetInt64()));
        published.AddRange(await live);

        Assert.Equal(published, received);
    }

    [Fact]
    public async Task A_browser_may_offer_its_token_as_a_subprotocol_and_gets_the_events_protocol_back()
    {
        using var socket = await EventSocket.ConnectAsync(_hub, null, "", EventsWebSocket.Protocol, "bearer." + _viewer);
        var ids = await PublishAsync(1);

        Assert.Equal(EventsWebSocket.Protocol, socket.Socket.SubProtocol);
        Assert.Equal(ids[0], (await socket.ReceiveAsync()).GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("?type=gpio.changed", "unknown event type \"gpio.changed\"")]
    [InlineData("?since=-3", "since must be an event id")]
    [InlineData("?since=abc", "since must be an event id")]
    [InlineData("?node=no%20spaces", "node filter")]
    public async Task A_bad_query_is_refused_before_the_upgrade_with_problem_details(string query, string expected)
    {
        using var http = _hub.Http(_viewer);
        using var response = await http.GetAsync("/api/v1/events/ws" + query);
        using var socket = EventSocket.Create(_hub, _viewer);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(EventSocket.Uri(_hub, query), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task The_unknown_type_problem_lists_the_valid_types()
    {
        using var http = _hub.Http(_viewer);
        using var response = await http.GetAsync("/api/v1/events?type=nope");
        var text = await response.Content.ReadAsStringAsync();

        Assert.All(EventTypes.All, t => Assert.Contains(t, text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pic_0000_wrong")]
    public async Task A_WebSocket_without_a_valid_token_is_refused_with_401(string? token)
    {
        using var socket = EventSocket.Create(_hub, token);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(EventSocket.Uri(_hub, ""), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_not_accepted()
    {
        using var socket = EventSocket.Create(_hub, null);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(EventSocket.Uri(_hub, $"?access_token={_viewer}&token={_viewer}"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Resuming_from_an_id_retention_removed_starts_with_a_gap_message()
    {
        var old = await PublishAsync(3);
        _time.Advance(TimeSpan.FromDays(8));
        // The hourly run may have trimmed already (the clock jumped past its period); either way the old ones go.
        _hub.App.Services.GetRequiredService<EventRetentionService>().Trim();
        var recent = await PublishAsync(2);

        using var socket = await EventSocket.ConnectAsync(_hub, _viewer, $"?since={old[0]}");
        var messages = await socket.ReceiveAsync(3);

        Assert.Equal(recent[0], _hub.App.Services.GetRequiredService<EventStore>().FirstId());
        Assert.Equal("stream.gap", messages[0].GetProperty("type").GetString());
        Assert.Equal(0, messages[0].GetProperty("id").GetInt64());
        Assert.Equal(recent[0], messages[0].GetProperty("payload").GetProperty("firstAvailableId").GetInt64());
        Assert.Equal(recent, messages.Skip(1).Select(m => m.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task The_hourly_retention_run_deletes_events_older_than_the_window()
    {
        await PublishAsync(4);
        _time.Advance(_hub.Options.EventRetention + TimeSpan.FromMinutes(1));
        var kept = await PublishAsync(1);

        // The service's timer runs on the hub's clock: one more hour and it trims.
        _time.Advance(EventRetentionService.Period);
        var store = _hub.App.Services.GetRequiredService<EventStore>();
        for (var i = 0; i < 300 && store.FirstId() != kept[0]; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(kept[0], store.FirstId());
    }

    [Fact]
    public async Task The_REST_list_pages_through_stored_events_oldest_first()
    {
        var ids = await PublishAsync(25);
        using var http = _hub.Http(_viewer);

        var seen = new List<long>();
        var since = 0L;
        var pages = 0;
        EventListView page;
        do
        {
            page = (await http.GetFromJsonAsync($"/api/v1/events?since={since}&limit=10", EventsJsonContext.Default.EventListView))!;
            seen.AddRange(page.Events.Select(e => e.Id));
            since = page.Next;
            pages++;
        }
        while (page.Events.Count == 10);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);
        Assert.Equal(ids[^1], page.LastId);
        using var bad = await http.GetAsync("/api/v1/events?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_gRPC_watch_streams_stored_then_live_events_with_filters()
    {
        var stored = await PublishAsync(2, EventTypes.NodeConnected);
        await PublishAsync(1, EventTypes.GpioStateChanged);
        using var http = _hub.Http(_viewer);
        using var channel = GrpcChannel.ForAddress(http.BaseAddress!, new GrpcChannelOptions { HttpClient = http });
        var client = new Protocol.Api.Events.EventsClient(channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var call = client.Watch(new WatchEventsRequest { Since = 0, EventTypes = { "node.*" } }, cancellationToken: timeout.Token);
        await call.ResponseHeadersAsync;
        var live = await PublishAsync(1, EventTypes.NodeDisconnected);
        var received = new List<Event>();
        while (received.Count < 3 && await call.ResponseStream.MoveNext(timeout.Token))
        {
            received.Add(call.ResponseStream.Current);
        }

        Assert.Equal(stored.Append(live[0]), received.Select(e => e.Id));
        Assert.Equal("node-a", received[0].NodeId);
        Assert.Equal(0, JsonDocument.Parse(received[0].PayloadJson).RootElement.GetProperty("bcm").GetInt32());
        var list = await client.ListAsync(new ListEventsRequest { EventTypes = { "gpio.state.changed" } }, cancellationToken: timeout.Token);
        Assert.Single(list.Events);
        var bad = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var refused = client.Watch(new WatchEventsRequest { EventTypes = { "gpio.*.x" } }, cancellationToken: timeout.Token);
            await refused.ResponseStream.MoveNext(timeout.Token);
        });
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    [Fact]
    public async Task When_the_hub_stops_a_WebSocket_client_is_closed_with_going_away_and_the_id_to_resume_from()
    {
        var ids = await PublishAsync(2);
        using var socket = await EventSocket.ConnectAsync(_hub, _viewer, "?since=0");
        await socket.ReceiveAsync(2);

        var stopping = _hub.App.StopAsync();
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await socket.Socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
        await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        await stopping;

        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);
        Assert.Contains($"since={ids[^1]}", socket.Socket.CloseStatusDescription, StringComparison.Ordinal);
    }

    /// <summary>The bus's subscriber count once it has not changed for half a second (at most ten seconds).</summary>
    private async Task<int> SettledSubscribersAsync()
    {
        var count = Bus.SubscriberCount;
        for (int still = 0, looks = 0; still < 5 && looks < 100; looks++)
        {
            await Task.Delay(100);
            (still, count) = Bus.SubscriberCount == count ? (still + 1, count) : (0, Bus.SubscriberCount);
        }
        return count;
    }

    [Fact]
    public async Task A_WebSocket_client_that_stops_reading_is_closed_with_the_id_to_resume_from_and_misses_nothing_after()
    {
        // The hub's own subscribers (its feeds, which subscribe from background services a moment after the hub
        // started) stay; the client's is the one above them. Counted once they have all come.
        var hubOwn = await SettledSubscribersAsync();
        using var slow = await EventSocket.ConnectAsync(_hub, _viewer, "?since=0");
        // Publish until the hub has ended the unread client's subscription (its socket buffers and its queue of
        // 8,192 are full); bounded.
        var published = 0;
        while (Bus.SubscriberCount > hubOwn && published < 1_000_000)
        {
            published += (await PublishAsync(5_000)).Count;
        }
        Assert.Equal(hubOwn, Bus.SubscriberCount);

        var received = new List<long>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult r;
            do
            {
                r = await slow.Socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                length += r.Count;
            }
            while (!r.EndOfMessage);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                break;
            }
            received.Add(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.GetProperty("id").GetInt64());
        }
        Assert.Equal(EventsWebSocket.FellBehind, slow.Socket.CloseStatus);
        Assert.Equal($"fell behind; resume with since={received[^1]}", slow.Socket.CloseStatusDescription);

        using var resumed = await EventSocket.ConnectAsync(_hub, _viewer, $"?since={received[^1]}");
        received.AddRange((await resumed.ReceiveAsync(published - received.Count)).Select(m => m.GetProperty("id").GetInt64()));

        Assert.Equal(Enumerable.Range(1, published).Select(i => (long)i), received);
    }

    [Fact]
    public async Task The_events_of_one_resource_are_its_pin_changes_and_the_conflicts_naming_it_newest_last()
    {
        using var witness = Bus.Subscribe(null, EventFilter.All);
        GpioStateChangedPayload Gpio(string? resource) => new(17, true, "output", null, resource is null ? "api" : "resource", resource, null, null);
        await Bus.PublishAsync(EventTypes.GpioStateChanged, "node-a", Gpio("led"), EventsJsonContext.Default.GpioStateChangedPayload);
        await Bus.PublishAsync(EventTypes.GpioStateChanged, "node-a", Gpio("other"), EventsJsonContext.Default.GpioStateChangedPayload);
        await Bus.PublishAsync(EventTypes.GpioStateChanged, "node-a", Gpio(null), EventsJsonContext.Default.GpioStateChangedPayload);
        await Bus.PublishAsync(EventTypes.PwmChanged, "node-a", new PwmChangedPayload(18, 0, 2, 100, 50, true, "resource", "led"), EventsJsonContext.Default.PwmChangedPayload);
        await Bus.PublishAsync(EventTypes.ResourceConflict, "node-a", new ResourceConflictPayload("GPIOPin", "thief", "GPIOPin", "led", "GPIO17", "held"),
            EventsJsonContext.Default.ResourceConflictPayload);
        await Bus.PublishAsync(EventTypes.GpioStateChanged, "node-a", Gpio("led"), EventsJsonContext.Default.GpioStateChangedPayload);
        var all = await EventBusFixture.TakeAsync(witness, 6);
        var filter = EventQuery.Parse((string?)null, [], [], "GPIOPin/led").Filter;

        using var http = _hub.Http(_viewer);
        var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/events?resource=GPIOPin/led&tail=2");
        using var refused = await http.GetAsync("/api/v1/events?resource=Pod/led");

        Assert.Equal([all[0].Id, all[4].Id, all[5].Id], all.Where(filter.Matches).Select(e => e.Id));
        Assert.Equal([all[4].Id, all[5].Id], page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }
}
