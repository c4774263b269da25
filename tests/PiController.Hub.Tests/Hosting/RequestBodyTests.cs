using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Hosting;

/// <summary>
/// Request bodies on every REST route: an unknown field is refused with a message naming it (not dropped, which
/// turned a misspelled ttl into a token that never expires), and a body over 1 MiB is refused while it is read,
/// whatever its Content-Length says, without being echoed back.
/// </summary>
public sealed class RequestBodyTests : IAsyncLifetime
{
    private InProcessHub _hub = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        _admin = _hub.Http(_hub.Token(ApiRole.Admin));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Every_route_that_takes_a_body_or_none_refuses_an_unknown_field_and_names_it()
    {
        // A streamed upload (K3s artifacts) reads its own multipart body; K3sArtifactsApiTests holds its refusal of JSON.
        var routes = HubRoute.All(_hub.App).Where(r => r.Kind == RouteKind.Rest && !r.AllowsAnonymous && r.Method is "POST" or "PUT" or "PATCH"
            && r.Endpoint.Metadata.GetMetadata<PiController.Hub.Api.StreamedBody>() is null).ToList();
        var failures = new List<string>();
        foreach (var route in routes)
        {
            using var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), Fill(route))
            {
                Content = new StringContent("""{"noSuchField": 1}""", Encoding.UTF8, "application/json"),
            });
            var detail = await DetailAsync(response);
            var takesBody = route.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null;
            if (response.StatusCode != HttpStatusCode.BadRequest || !detail.Contains("noSuchField", StringComparison.Ordinal)
                || (takesBody && detail.Contains("takes no body", StringComparison.Ordinal)))
            {
                failures.Add($"{route}: {(int)response.StatusCode} {detail}");
            }
        }

        Assert.True(routes.Count >= 15, $"only {routes.Count} routes found");
        Assert.True(routes.Count(r => r.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null) >= 10, "the routes that take a body were not recognised");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task A_join_token_with_misspelled_limits_is_refused_instead_of_made_without_them()
    {
        using var response = await _admin.PostAsync("/api/v1/tokens", Json("""{"ttl_seconds": 3600, "maxUses": 1}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unknown field $.ttl_seconds; check its spelling against the documented fields", await DetailAsync(response));
        Assert.Empty(_hub.App.Services.GetRequiredService<JoinTokenStore>().List());
    }

    [Fact]
    public async Task An_API_token_with_ttl_instead_of_ttlSeconds_is_refused_instead_of_never_expiring()
    {
        var before = _hub.App.Services.GetRequiredService<ApiTokenStore>().List().Count;

        using var response = await _admin.PostAsync("/api/v1/api-tokens", Json("""{"name": "ci", "role": "admin", "ttl": 3600}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown field $.ttl", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, _hub.App.Services.GetRequiredService<ApiTokenStore>().List().Count);
    }

    [Theory]
    [InlineData("POST", "/api/v1/tokens")]
    [InlineData("PATCH", "/api/v1/nodes/pi-1/labels")]
    [InlineData("POST", "/api/v1/gpio")]
    [InlineData("POST", "/api/v1/nodes/pi-1/revoke")]
    public async Task A_chunked_body_over_one_MiB_is_refused_with_413_and_not_echoed(string method, string path)
    {
        // A JSON string 20 MB long, sent without a Content-Length (HTTP/2 streams it as data frames).
        var marker = "ZqXbody";
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new UnsizedContent(Encoding.UTF8.GetBytes("{\"description\": \"" + string.Concat(Enumerable.Repeat(marker, 3_000_000)) + "\"}")),
        };

        using var response = await _admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 1048576 bytes", text, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, text, StringComparison.Ordinal);
        Assert.True(text.Length < 2000, $"the answer is {text.Length} characters long");
        Assert.Empty(_hub.App.Services.GetRequiredService<JoinTokenStore>().List());
    }

    [Theory]
    [InlineData("/api/v1/gpio", "{\"kind\": \"GPIOPin\", \"name\": \"LONG\", \"node\": {\"id\": \"pi-1\"}, \"spec\": {\"pin\": \"17\", \"mode\": \"output\"}}")]
    [InlineData("/api/v1/gpio", "{\"kind\": \"LONG\"}")]
    [InlineData("/api/v1/gpio", "{\"LONG\": 1}")]
    [InlineData("/api/v1/tokens", "{\"LONG\": 1}")]
    [InlineData("/api/v1/api-tokens", "{\"name\": \"ci\", \"role\": \"LONG\"}")]
    [InlineData("/api/v1/discovery/scans", "{\"cidr\": \"LONG\"}")]
    public async Task A_long_value_in_a_refused_body_is_quoted_in_part_never_whole(string path, string template)
    {
        var value = new string('Q', 900_000);

        using var response = await _admin.PostAsync(path, Json(template.Replace("LONG", value, StringComparison.Ordinal)));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(text.Length < 2000, $"the answer is {text.Length} characters long");
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_a_problem_naming_the_parameter()
    {
        using var response = await _admin.GetAsync("/api/v1/audit?limit=lots");
        using var since = await _admin.GetAsync("/api/v1/audit?since=yesterday");

        Assert.Equal("limit must be a whole number, got \"lots\"", await DetailAsync(response));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("since must be a date and time such as 2025-06-01T00:00:00Z, got \"yesterday\"", await DetailAsync(since));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_gets_a_problem_that_says_so()
    {
        using var response = await _admin.PostAsync("/api/v1/tokens", new StringContent("description=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Contains("Content-Type: application/json", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>A path for the route whose values pass the route's own parsing (numbers where numbers are bound).</summary>
    private static string Fill(HubRoute route) => "/" + string.Join('/', ((RouteEndpoint)route.Endpoint).RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart { Name: "bus" or "id" } => "1",
        RoutePatternParameterPart { Name: "address" } => "0x20",
        RoutePatternParameterPart { Name: "pin" } => "17",
        RoutePatternParameterPart parameter => "dummy-" + parameter.Name,
        _ => "",
    }))));

    /// <summary>JSON whose length is not announced: no Content-Length, so the hub cannot refuse it before reading.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
