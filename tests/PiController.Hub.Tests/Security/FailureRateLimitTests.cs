using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Security;
using PiController.Protocol.Api;

namespace PiController.Hub.Tests.Security;

public sealed class FailureRateLimitTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InProcessHub _hub = null!;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync(services => services.AddSingleton<TimeProvider>(_time));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task The_eleventh_failed_authentication_within_a_minute_is_answered_429_without_checking_the_token()
    {
        using var wrong = _hub.Http("pic_000000000000_guessed");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/nodes")).StatusCode);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        using var limited = await wrong.GetAsync("/api/v1/nodes");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        // The window opened with the first failure, ten seconds ago.
        Assert.Equal(TimeSpan.FromSeconds(50), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("too many failed authentications", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A right token from the same address waits too: credentials are not even looked at.
        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync("/api/v1/nodes")).StatusCode);
        // The public CA certificate stays available.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/cacerts")).StatusCode);

        _time.Advance(TimeSpan.FromSeconds(50));

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/nodes")).StatusCode);
    }

    [Fact]
    public async Task A_gRPC_caller_of_a_blocked_address_gets_RESOURCE_EXHAUSTED()
    {
        using var channel = _hub.Grpc("pic_000000000000_guessed");
        var nodes = new Protocol.Api.Nodes.NodesClient(channel);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(async () => await nodes.ListNodesAsync(new ListNodesRequest()))).StatusCode);
        }

        var limited = await Assert.ThrowsAsync<RpcException>(async () => await nodes.ListNodesAsync(new ListNodesRequest()));

        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Contains("too many failed authentications", limited.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_without_any_token_are_counted_too_so_a_flood_of_them_is_cut_off()
    {
        using var anonymous = _hub.Http();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/nodes")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.GetAsync("/api/v1/nodes")).StatusCode);
        _time.Advance(TimeSpan.FromMinutes(1));
        using var admin = _hub.Http(_hub.Token(ApiRole.Admin));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/nodes")).StatusCode);
    }
}
