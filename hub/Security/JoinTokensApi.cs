using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;

namespace PiController.Hub.Security;

/// <summary>REST: /api/v1/tokens, join tokens for agents (admin only). The token is shown once, at creation.</summary>
internal static class JoinTokensApi
{
    public static RouteGroupBuilder MapJoinTokensApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tokens").WithTags("tokens").RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/", Create);
        group.MapGet("/", List);
        group.MapDelete("/{id}", Revoke);
        return group;
    }

    private static Created<JoinTokenCreated> Create(JoinTokenCreateRequest request, JoinTokenStore tokens, HttpContext http)
    {
        var problem = TextRules.Label(request.Description, "description", 200, required: false)
            ?? TextRules.TimeToLive(request.TtlSeconds)
            ?? (request.Uses is < 1 ? $"uses must be at least 1, got {request.Uses}; leave it out for a token without a limit" : null);
        if (problem is not null)
        {
            throw new HubException(HubErrorKind.Invalid, problem);
        }
        var description = request.Description?.Trim() ?? "";
        var token = tokens.Create(description, request.TtlSeconds is { } ttl ? TimeSpan.FromSeconds(ttl) : null, request.Uses);
        var created = tokens.Find(token.Id)!;
        http.Response.Headers.CacheControl = "no-store";
        AuditTarget.Note(http, $"id={token.Id}");
        return TypedResults.Created((string?)null, new JoinTokenCreated(token.Id, token.ToString(), description, created.ExpiresAt, created.MaxUses));
    }

    private static Ok<IReadOnlyList<JoinTokenView>> List(JoinTokenStore tokens, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<JoinTokenView>>([.. tokens.List().Select(t => JoinTokenView.From(t, now))]);
    }

    private static NoContent Revoke(string id, JoinTokenStore tokens) =>
        tokens.Revoke(id) ? TypedResults.NoContent() : throw new HubException(HubErrorKind.NotFound, $"no unrevoked join token with id \"{TextRules.Excerpt(id)}\"; pi-controller token ls lists them");
}
