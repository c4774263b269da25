using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;

namespace PiController.Hub.Security;

/// <summary>REST: /api/v1/api-tokens, bearer tokens for API callers (admin only). The token is shown once, at creation.</summary>
internal static class ApiTokensApi
{
    public static RouteGroupBuilder MapApiTokensApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/api-tokens").WithTags("api-tokens").RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapDelete("/{id}", Revoke);
        return group;
    }

    private static Created<ApiTokenCreated> Create(ApiTokenCreateRequest request, ApiTokenStore tokens, TimeProvider time, HttpContext http)
    {
        var problem = TextRules.Label(request.Name, "name", 100, required: true)
            ?? (request.Role is { } role && ApiRole.IsKnown(role) ? null : $"role must be admin, operator or viewer, got \"{TextRules.Excerpt(request.Role)}\"")
            ?? TextRules.TimeToLive(request.TtlSeconds);
        if (problem is not null)
        {
            throw new HubException(HubErrorKind.Invalid, problem);
        }
        // Stored in milliseconds; answer what is stored.
        DateTimeOffset? expires = request.TtlSeconds is { } ttl
            ? DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().AddSeconds(ttl).ToUnixTimeMilliseconds())
            : null;
        var name = request.Name!.Trim();
        var token = tokens.Create(name, request.Role!, expires);
        http.Response.Headers.CacheControl = "no-store";
        AuditTarget.Note(http, $"id={ApiTokenStore.IdOf(token)}");
        return TypedResults.Created((string?)null, new ApiTokenCreated(ApiTokenStore.IdOf(token), token, name, request.Role!, expires));
    }

    private static Ok<IReadOnlyList<ApiTokenView>> List(ApiTokenStore tokens, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<ApiTokenView>>([.. tokens.List().Select(t => ApiTokenView.From(t, now))]);
    }

    private static NoContent Revoke(string id, ApiTokenStore tokens) =>
        tokens.Revoke(id) ? TypedResults.NoContent() : throw new HubException(HubErrorKind.NotFound, $"no unrevoked API token with id \"{TextRules.Excerpt(id)}\"; pi-controller token ls --api lists them");
}
