using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Hosting;

/// <summary>
/// Walks every mapped route of the hub as <c>pi-controller serve</c> composes it, so a route added later is covered
/// without touching this test: anonymous callers are refused everywhere except the documented few, a viewer
/// changes nothing, an operator manages no tokens, nodes or audit log.
/// </summary>
public sealed class RouteAuthorizationTests : IAsyncLifetime
{
    /// <summary>
    /// The only routes an anonymous caller reaches. <c>GET /cacerts</c> is the public CA certificate (clients check
    /// its fingerprint). The agent link authenticates agents by their client certificate, and enrollment by the
    /// join token in the request; neither takes an API token. <c>/apt/</c> is the hub's Debian repository: apt on a
    /// Pi cannot send a bearer token, the packages are public, and their integrity comes from the signed Release.
    /// <c>/agent/v1/artifacts/</c> serves K3s files to nodes, authenticated by their client certificate as the agent link is.
    /// </summary>
    private static readonly string[] AnonymousAllowList =
    [
        "GET /cacerts",
        "GET /apt/",
        "HEAD /apt/",
        "POST /picontroller.link.v1.AgentLink/",
        "POST /picontroller.enroll.v1.Enrollment/",
        "GET /agent/v1/artifacts/",
        "HEAD /agent/v1/artifacts/",
    ];

    /// <summary>Token, node and audit management: admin only. A route that names the admin policy is checked too.</summary>
    private static readonly string[] AdminOnlyPrefixes = ["/api/v1/tokens", "/api/v1/api-tokens", "/api/v1/audit"];

    private InProcessHub _hub = null!;
    private IReadOnlyList<HubRoute> _routes = [];

    public async Task InitializeAsync()
    {
        // The walk makes far more refused calls from one address than the failure limit lets through.
        _hub = await InProcessHub.StartAsync(services => services.AddSingleton(new FailureRateLimitOptions { MaxFailures = int.MaxValue }));
        _routes = HubRoute.All(_hub.App);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public void The_walk_finds_the_REST_and_gRPC_routes_of_every_feature()
    {
        var names = _routes.Select(r => r.ToString()).ToList();

        Assert.Contains("GET /api/v1/nodes", names);
        Assert.Contains("DELETE /api/v1/nodes/{nodeId}", names);
        Assert.Contains("POST /api/v1/tokens", names);
        Assert.Contains("DELETE /api/v1/api-tokens/{id}", names);
        Assert.Contains("GET /api/v1/audit", names);
        Assert.Contains("POST /picontroller.api.v1.Nodes/PingNode", names);
        Assert.Contains("POST /picontroller.link.v1.AgentLink/Connect", names);
        Assert.Contains("GET /api/v1/events", names);
        Assert.Contains("GET /api/v1/events/ws", names);
        Assert.Contains("POST /picontroller.api.v1.Events/Watch", names);
        Assert.Contains("POST /picontroller.api.v1.Events/List", names);
    }

    [Fact]
    public async Task Every_route_refuses_an_anonymous_caller_except_the_allow_listed_ones()
    {
        using var anonymous = _hub.Http();
        var failures = new List<string>();
        foreach (var route in _routes)
        {
            if (IsAllowListed(route))
            {
                continue;
            }
            if (route.AllowsAnonymous)
            {
                failures.Add($"{route} allows anonymous callers but is not on the allow-list");
            }
            var answer = await SendAsync(anonymous, route);
            if (!answer.IsUnauthenticated)
            {
                failures.Add($"{route} answered an anonymous caller with {answer}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("/picontroller.api.v1.Nodes/NoSuchMethod")]
    [InlineData("/picontroller.api.v1.NoSuchService/Anything")]
    public async Task An_unknown_gRPC_method_or_service_refuses_an_anonymous_caller_and_is_unimplemented_for_others(string path)
    {
        var route = new HubRoute("POST", path, path, RouteKind.Grpc, null!);
        using var anonymous = _hub.Http();
        using var viewer = _hub.Http(_hub.Token(ApiRole.Viewer));

        Assert.True((await SendAsync(anonymous, route)).IsUnauthenticated);
        // HTTP 404 to a gRPC client is UNIMPLEMENTED.
        Assert.Equal(404, (await SendAsync(viewer, route)).Status);
    }

    [Fact]
    public async Task Every_changing_route_refuses_a_viewer_and_every_reading_route_serves_one()
    {
        using var viewer = _hub.Http(_hub.Token(ApiRole.Viewer));
        var failures = new List<string>();
        foreach (var route in _routes.Where(r => !IsAllowListed(r)))
        {
            var answer = await SendAsync(viewer, route);
            var expected = route.IsChange || IsAdminOnly(route) ? "refused" : "served";
            var actual = answer.IsForbidden ? "refused" : answer.IsUnauthenticated ? "unauthenticated" : answer.IsProtocolError ? "broken" : "served";
            if (actual != expected)
            {
                failures.Add($"viewer: {route} was {actual} ({answer}), expected {expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Token_node_and_audit_management_refuses_an_operator_who_may_still_drive_nodes()
    {
        using var @operator = _hub.Http(_hub.Token(ApiRole.Operator));
        var failures = new List<string>();
        foreach (var route in _routes.Where(r => !IsAllowListed(r)))
        {
            var answer = await SendAsync(@operator, route);
            var expected = IsAdminOnly(route) ? "refused" : "served";
            var actual = answer.IsForbidden ? "refused" : answer.IsUnauthenticated ? "unauthenticated" : answer.IsProtocolError ? "broken" : "served";
            if (actual != expected)
            {
                failures.Add($"operator: {route} was {actual} ({answer}), expected {expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Contains(_routes, r => r.IsChange && !IsAdminOnly(r) && r.Kind == RouteKind.Rest);
    }

    [Fact]
    public void Methods_marked_read_only_are_named_like_reads()
    {
        var readOnly = _routes.Where(r => r.IsGrpc && !r.IsChange).Select(r => r.Template.Split('/')[^1]).ToList();

        Assert.NotEmpty(readOnly);
        Assert.All(readOnly, name => Assert.True(name.StartsWith("List", StringComparison.Ordinal) || name.StartsWith("Get", StringComparison.Ordinal)
            || name.StartsWith("Read", StringComparison.Ordinal)
            || name.StartsWith("Watch", StringComparison.Ordinal), $"{name} is marked [ReadOnlyCall] but is not named like a read"));
    }

    private static bool IsAllowListed(HubRoute route) =>
        AnonymousAllowList.Any(allowed => allowed.EndsWith('/') ? route.ToString().StartsWith(allowed, StringComparison.Ordinal) : route.ToString() == allowed);

    private static bool IsAdminOnly(HubRoute route) =>
        AdminOnlyPrefixes.Any(prefix => route.Template.StartsWith(prefix, StringComparison.Ordinal))
        || (route.Template == "/api/v1/nodes/{nodeId}" && route.Method == "DELETE")
        || route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == HubPolicies.Admin);

    private static async Task<Answer> SendAsync(HttpClient http, HubRoute route)
    {
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path)
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (route.IsGrpc)
        {
            // One empty message: a valid request for every protobuf type.
            request.Content = new ByteArrayContent(new byte[5]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        }
        else if (route.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (route.IsGrpc && route.Template.Split('/')[^1].StartsWith("Watch", StringComparison.Ordinal) && response.IsSuccessStatusCode
            && !response.Headers.Contains("grpc-status"))
        {
            // A watch streams until the caller leaves: its headers say it was served; the body never ends.
            return new Answer((int)response.StatusCode, null);
        }
        await response.Content.ReadAsByteArrayAsync();
        var grpcStatus = response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.First()
            : response.TrailingHeaders.TryGetValues("grpc-status", out var inTrailers) ? inTrailers.First()
            : null;
        return new Answer((int)response.StatusCode, grpcStatus is null ? null : int.Parse(grpcStatus, System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed record Answer(int Status, int? GrpcStatus)
    {
        public bool IsUnauthenticated => Status == 401 || GrpcStatus == 16;

        public bool IsForbidden => Status == 403 || GrpcStatus == 7;

        /// <summary>A gRPC call that never reached the method (wrong protocol, malformed frame) proves nothing.</summary>
        public bool IsProtocolError => Status == 426 || GrpcStatus == 13;

        public override string ToString() => GrpcStatus is { } grpc ? $"HTTP {Status}, grpc-status {grpc}" : $"HTTP {Status}";
    }
}
