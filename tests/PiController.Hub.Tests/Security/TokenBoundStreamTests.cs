using System.Net.WebSockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;
using PiController.Hub.Tests.Events;
using PiController.Protocol.Api;

namespace PiController.Hub.Tests.Security;

/// <summary>An event stream lives only as long as the API token that opened it: revoking or expiring the token ends it.</summary>
public sealed class TokenBoundStreamTests : HubWithAdmin
{
    private ApiTokenStore Tokens => Hub.App.Services.GetRequiredService<ApiTokenStore>();

    private string ExpiringViewer(TimeSpan after) => Tokens.Create("expiring viewer", ApiRole.Viewer, Time.GetUtcNow() + after);

    private async Task RevokeAsync(string token)
    {
        using var response = await Admin.DeleteAsync($"/api/v1/api-tokens/{ApiTokenStore.IdOf(token)}");
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Revoking_a_token_closes_its_event_WebSocket_with_policy_violation_and_the_reason()
    {
        var viewer = Hub.Token(ApiRole.Viewer);
        using var socket = await EventSocket.ConnectAsync(Hub, viewer, "");

        await RevokeAsync(viewer);
        var close = await ReceiveCloseAsync(socket.Socket);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.Status);
        Assert.Contains("the API token was revoked", close.Reason, StringComparison.Ordinal);
        Assert.Contains("since=", close.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_WebSocket_is_closed_when_its_token_expires()
    {
        var viewer = ExpiringViewer(TimeSpan.FromHours(1));
        using var socket = await EventSocket.ConnectAsync(Hub, viewer, "");

        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(WebSocketState.Open, socket.Socket.State);
        Time.Advance(TimeSpan.FromMinutes(1));
        var close = await ReceiveCloseAsync(socket.Socket);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.Status);
        Assert.Contains("the API token expired", close.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_a_token_ends_its_gRPC_watch_with_UNAUTHENTICATED()
    {
        var viewer = Hub.Token(ApiRole.Viewer);
        using var channel = Channel(viewer);
        using var call = new Protocol.Api.Events.EventsClient(channel).Watch(new WatchEventsRequest());
        await call.ResponseHeadersAsync;

        await RevokeAsync(viewer);
        var ended = await Assert.ThrowsAsync<RpcException>(() => NextAsync(call));

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("the API token was revoked", ended.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gRPC_watch_ends_with_UNAUTHENTICATED_when_its_token_expires()
    {
        using var channel = Channel(ExpiringViewer(TimeSpan.FromMinutes(30)));
        using var call = new Protocol.Api.Events.EventsClient(channel).Watch(new WatchEventsRequest());
        await call.ResponseHeadersAsync;

        Time.Advance(TimeSpan.FromMinutes(30));
        var ended = await Assert.ThrowsAsync<RpcException>(() => NextAsync(call));

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("the API token expired", ended.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_token_s_streams_stay_open_when_one_token_is_revoked()
    {
        var revoked = Hub.Token(ApiRole.Viewer);
        var kept = Hub.Token(ApiRole.Viewer);
        using var ending = await EventSocket.ConnectAsync(Hub, revoked, "");
        using var staying = await EventSocket.ConnectAsync(Hub, kept, "");

        await RevokeAsync(revoked);
        await ReceiveCloseAsync(ending.Socket);

        Assert.Equal(WebSocketState.Open, staying.Socket.State);
    }

    [Fact]
    public async Task The_CLI_follower_stops_with_the_reason_instead_of_reconnecting_with_a_revoked_token()
    {
        var viewer = Hub.Token(ApiRole.Viewer);
        var ca = Hub.App.Services.GetRequiredService<CertificateAuthority>();
        using var client = await PiController.Hub.Cli.HubClient.ConnectAsync(
            new PiController.Hub.Cli.HubConnectionSettings(new Uri($"https://127.0.0.1:{Hub.Options.Port}"), ca.Fingerprint, ca.Certificate, viewer), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var follower = new PiController.Hub.Cli.EventFollower(client, PiController.Hub.Cli.EventFilter.None, _ => { }).RunAsync(null, timeout.Token);
        for (var i = 0; i < 200 && Hub.App.Services.GetRequiredService<ApiTokenStreams>().OpenCount == 0; i++)
        {
            await Task.Delay(50);
        }

        await RevokeAsync(viewer);
        var stopped = await Assert.ThrowsAsync<PiController.Hub.Cli.CliException>(() => follower);

        Assert.False(timeout.IsCancellationRequested);
        Assert.Contains("the API token was revoked", stopped.Message, StringComparison.Ordinal);
    }

    private GrpcChannel Channel(string token) =>
        Hub.Grpc(token);

    private static async Task NextAsync(AsyncServerStreamingCall<Event> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await call.ResponseStream.MoveNext(timeout.Token);
    }

    /// <summary>Reads until the hub's close frame (bounded: 30 s, 100 messages).</summary>
    private static async Task<(WebSocketCloseStatus? Status, string Reason)> ReceiveCloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        for (var i = 0; i < 100; i++)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return (socket.CloseStatus, socket.CloseStatusDescription ?? "");
            }
        }
        throw new InvalidOperationException("no close frame after 100 messages");
    }
}
