using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Events;
using PiController.Hub.Security;
using PiController.Protocol.Api;

namespace PiController.Hub.Tests.Events;

/// <summary>A since beyond the newest event id could never deliver anything: every transport refuses it, naming the newest id.</summary>
public sealed class EventSinceTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;
    private string _viewer = null!;
    private long _newest;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _viewer = _hub.Token(ApiRole.Viewer);
        var bus = _hub.App.Services.GetRequiredService<EventBus>();
        using var witness = bus.Subscribe(null, EventFilter.All);
        for (var i = 0; i < 3; i++)
        {
            await bus.PublishAsync(EventTypes.GpioStateChanged, "node-a", EventBusFixture.Gpio(i), EventsJsonContext.Default.GpioStateChangedPayload);
        }
        _newest = (await EventBusFixture.TakeAsync(witness, 3))[^1].Id;
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private string Expected => $"beyond the newest event id, {_newest}";

    [Fact]
    public async Task The_REST_list_refuses_a_since_beyond_the_newest_id_and_serves_the_newest_id_itself()
    {
        using var http = _hub.Http(_viewer);

        using var beyond = await http.GetAsync($"/api/v1/events?since={_newest + 1000}");
        using var atNewest = await http.GetAsync($"/api/v1/events?since={_newest}");

        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Contains(Expected, (await beyond.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, atNewest.StatusCode);
    }

    [Fact]
    public async Task The_WebSocket_refuses_a_since_beyond_the_newest_id_before_the_upgrade()
    {
        using var http = _hub.Http(_viewer);
        using var response = await http.GetAsync($"/api/v1/events/ws?since={_newest + 1}");
        using var socket = EventSocket.Create(_hub, _viewer);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(EventSocket.Uri(_hub, $"?since={_newest + 1}"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gRPC_watch_and_list_refuse_a_since_beyond_the_newest_id_with_INVALID_ARGUMENT()
    {
        using var channel = _hub.Grpc(_viewer);
        var events = new Protocol.Api.Events.EventsClient(channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var watch = events.Watch(new WatchEventsRequest { Since = _newest + 1 }, cancellationToken: timeout.Token);
        var watchRefused = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(timeout.Token));
        var listRefused = await Assert.ThrowsAsync<RpcException>(async () => await events.ListAsync(new ListEventsRequest { Since = _newest + 1 }));

        Assert.Equal(StatusCode.InvalidArgument, watchRefused.StatusCode);
        Assert.Contains(Expected, watchRefused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, listRefused.StatusCode);
        Assert.Contains(Expected, listRefused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await events.ListAsync(new ListEventsRequest { Since = _newest })).Events);
    }
}
