using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Api;
using PiController.Hub.Security;
using PiController.Hub.Tests.Events;
using PiController.Protocol.Api;

namespace PiController.Hub.Tests.Security;

/// <summary>
/// How the hub's edge refuses: the WebSocket token subprotocol only on WebSocket handshakes, every refused
/// credential counted whatever its form, and gRPC callers told why in gRPC terms, not with a bare HTTP status.
/// </summary>
public sealed class EdgeRefusalTests : IAsyncLifetime
{
    private const string Wrong = "pic_000000000000_guessed";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InProcessHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync(services => services.AddSingleton<TimeProvider>(_time));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_bearer_subprotocol_on_a_request_that_is_not_a_WebSocket_handshake_is_refused()
    {
        using var http = _hub.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nodes");
        request.Headers.Add("Sec-WebSocket-Protocol", "bearer." + _hub.Token(ApiRole.Admin));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("only on a WebSocket handshake", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_tokens_offered_as_WebSocket_subprotocols_count_toward_the_failure_limit()
    {
        for (var i = 0; i < 10; i++)
        {
            using var socket = EventSocket.Create(_hub, null, "bearer." + Wrong);
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(EventSocket.Uri(_hub, ""), CancellationToken.None));
            Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        }

        using var limited = EventSocket.Create(_hub, null, "bearer." + Wrong);
        await Assert.ThrowsAsync<WebSocketException>(() => limited.ConnectAsync(EventSocket.Uri(_hub, ""), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.HttpStatusCode);
    }

    [Fact]
    public async Task A_gRPC_caller_with_a_wrong_token_gets_UNAUTHENTICATED_with_the_reason_in_a_trailers_only_answer()
    {
        using var http = _hub.Http(Wrong);

        using var response = await http.SendAsync(GrpcRequest("/picontroller.api.v1.Nodes/ListNodes"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("16", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal("the bearer token is wrong", Assert.Single(response.Headers.GetValues("grpc-message")));
    }

    [Fact]
    public async Task A_gRPC_client_sees_why_it_was_refused_and_a_viewer_gets_PERMISSION_DENIED()
    {
        using var anonymous = Channel(null);
        using var viewer = Channel(_hub.Token(ApiRole.Viewer));

        var unauthenticated = await Assert.ThrowsAsync<RpcException>(async () => await new Protocol.Api.Nodes.NodesClient(anonymous).ListNodesAsync(new ListNodesRequest()));
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await new Protocol.Api.Nodes.NodesClient(viewer).PingNodeAsync(new PingNodeRequest { NodeId = "pi-1" }));

        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        Assert.Contains("this call needs an API token", unauthenticated.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal("the token's role (viewer) may not do this", denied.Status.Detail);
    }

    [Fact]
    public async Task The_RESOURCE_EXHAUSTED_message_is_percent_encoded_only_where_the_gRPC_spec_says()
    {
        using var http = _hub.Http(Wrong);
        for (var i = 0; i < 10; i++)
        {
            using var refused = await http.SendAsync(GrpcRequest("/picontroller.api.v1.Nodes/ListNodes"));
            Assert.Equal("16", Assert.Single(refused.Headers.GetValues("grpc-status")));
        }

        using var limited = await http.SendAsync(GrpcRequest("/picontroller.api.v1.Nodes/ListNodes"));

        Assert.Equal("8", Assert.Single(limited.Headers.GetValues("grpc-status")));
        Assert.Equal("too many failed authentications from this address; try again in 60 s", Assert.Single(limited.Headers.GetValues("grpc-message")));
    }

    [Theory]
    [InlineData("plain text; with spaces", "plain text; with spaces")]
    [InlineData("50% done", "50%25 done")]
    [InlineData("naïve\nline", "na%C3%AFve%0Aline")]
    public void The_grpc_message_encoding_escapes_only_percent_and_bytes_outside_printable_ASCII(string message, string encoded) =>
        Assert.Equal(encoded, GrpcTrailersOnly.EncodeMessage(message));

    private GrpcChannel Channel(string? token) =>
        _hub.Grpc(token);

    /// <summary>A unary gRPC request carrying one empty message, as a gRPC client sends it.</summary>
    private static HttpRequestMessage GrpcRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(new byte[5]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        return request;
    }
}
