using System.Text;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Resources;

/// <summary>
/// REST: /api/v1/gpio, /api/v1/pwm and /api/v1/i2c. Reads need any token, changes an operator's. Bodies are read
/// here rather than bound, so that malformed JSON and unknown fields get a problem-details answer naming them.
/// <c>POST /{kind}/apply</c> creates or changes a resource and says which (or that nothing changed); changes take
/// <c>?dryRun=All</c>, as in Kubernetes: checked and answered, not stored.
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
        group.MapGet("/", (string? node, string? selector, string? nodeSelector, ResourceService resources) =>
            Json(type.SerializeList(resources.List(type.Kind, node, selector, nodeSelector).Select(r => (r, resources.Shown(r))))));
        group.MapGet("/{name}", (string name, ResourceService resources) =>
        {
            var record = resources.Get(type.Kind, name);
            return Json(type.Serialize(record, resources.Shown(record)));
        });
        group.MapPost("/", async (HttpRequest request, ResourceService resources, CancellationToken ct) =>
        {
            var dryRun = DryRun(request);
            var record = await resources.CreateAsync(await ReadAsync(type, request, ct).ConfigureAwait(false), dryRun, ct).ConfigureAwait(false);
            return dryRun ? Json(type.Serialize(record, record.Status))
                : Json(type.Serialize(record, record.Status), StatusCodes.Status201Created, $"/api/v1/{type.Kind.Path()}/{record.Name}");
        }).Accepts<System.Text.Json.JsonElement>("application/json").RequireAuthorization(HubPolicies.Operator);
        group.MapPost("/apply", async (HttpRequest request, ResourceService resources, CancellationToken ct) =>
        {
            var dryRun = DryRun(request);
            var (result, record) = await resources.ApplyAsync(await ReadAsync(type, request, ct).ConfigureAwait(false), dryRun, ct).ConfigureAwait(false);
            return Json(ApplyAnswer(result, type.Serialize(record, result == ApplyResult.Unchanged ? resources.Shown(record) : record.Status)));
        }).Accepts<System.Text.Json.JsonElement>("application/json").RequireAuthorization(HubPolicies.Operator);
        group.MapPut("/{name}", async (string name, HttpRequest request, ResourceService resources, CancellationToken ct) =>
        {
            var record = await resources.UpdateAsync(name, await ReadAsync(type, request, ct).ConfigureAwait(false), DryRun(request), ct).ConfigureAwait(false);
            return Json(type.Serialize(record, record.Status));
        }).Accepts<System.Text.Json.JsonElement>("application/json").RequireAuthorization(HubPolicies.Operator);
        group.MapDelete("/{name}", async (string name, ResourceService resources, CancellationToken ct) =>
        {
            await resources.DeleteAsync(type.Kind, name, ct).ConfigureAwait(false);
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

    /// <summary>dryRun=All (Kubernetes' spelling, the only value it has) or nothing.</summary>
    private static bool DryRun(HttpRequest request) => request.Query["dryRun"] switch
    {
        { Count: 0 } => false,
        var v when v.ToString() == "All" => true,
        var v => throw new HubException(HubErrorKind.Invalid, $"dryRun must be All (check and answer, store nothing), got \"{TextRules.Excerpt(v.ToString())}\""),
    };

    /// <summary>{"result": "created", "resource": {...}}: what apply did, and the resource as stored (or as it would be).</summary>
    private static string ApplyAnswer(ApplyResult result, string resource)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("result", result.ToString().ToLowerInvariant());
            writer.WritePropertyName("resource");
            writer.WriteRawValue(resource);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
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
