using System.Text;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Resources;

/// <summary>
/// REST: /api/v1/gpio, /api/v1/pwm and /api/v1/i2c. Reads need any token, changes an operator's. Bodies are read
/// here rather than bound, so that malformed JSON and unknown fields get a problem-details answer naming them.
/// </summary>
internal static class ResourcesApi
{
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        foreach (var kind in ResourceKinds.All)
        {
            Map(app, ResourceTypes.Of(kind));
        }
        return app;
    }

    private static void Map(IEndpointRouteBuilder app, IResourceType type)
    {
        var group = app.MapGroup("/api/v1/" + type.Kind.Path()).WithTags("resources");
        group.MapGet("/", (string? node, string? selector, ResourceService resources) =>
            Json(type.SerializeList(resources.List(type.Kind, node, selector).Select(r => (r, resources.Shown(r))))));
        group.MapGet("/{name}", (string name, ResourceService resources) =>
        {
            var record = resources.Get(type.Kind, name);
            return Json(type.Serialize(record, resources.Shown(record)));
        });
        group.MapPost("/", async (HttpRequest request, ResourceService resources, CancellationToken ct) =>
        {
            var record = await resources.CreateAsync(await ReadAsync(type, request, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            return Json(type.Serialize(record, record.Status), StatusCodes.Status201Created, $"/api/v1/{type.Kind.Path()}/{record.Name}");
        }).Accepts<System.Text.Json.JsonElement>("application/json").RequireAuthorization(HubPolicies.Operator);
        group.MapPut("/{name}", async (string name, HttpRequest request, ResourceService resources, CancellationToken ct) =>
        {
            var record = await resources.UpdateAsync(name, await ReadAsync(type, request, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
            return Json(type.Serialize(record, record.Status));
        }).Accepts<System.Text.Json.JsonElement>("application/json").RequireAuthorization(HubPolicies.Operator);
        group.MapDelete("/{name}", (string name, ResourceService resources) =>
        {
            resources.Delete(type.Kind, name);
            return TypedResults.NoContent();
        }).RequireAuthorization(HubPolicies.Operator);
    }

    private static async Task<ResourceDraft> ReadAsync(IResourceType type, HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadLimitedAsync(request, ct).ConfigureAwait(false)
            ?? throw new HubException(HubErrorKind.Invalid, JsonBody.TooLarge);
        if (body.Length == 0)
        {
            throw new HubException(HubErrorKind.Invalid, $"the body is empty; send a {type.Kind.Name()} document (docs/resources.md)");
        }
        return type.Parse(body);
    }

    private static IResult Json(string json, int status = StatusCodes.Status200OK, string? location = null)
    {
        var result = TypedResults.Text(json, "application/json", Encoding.UTF8, status);
        return location is null ? result : new Located(result, location);
    }

    /// <summary>Adds a Location header to a created resource's answer.</summary>
    private sealed class Located(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
