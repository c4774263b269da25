using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Adoption;

/// <summary>
/// REST: /api/v1/adoptions, admin only (an adoption becomes root on the Pi, and its answers name the Pi's host key).
/// POST checks everything before the Pi changes, then answers 202 while the steps run; GET follows the adoption.
/// </summary>
internal static class AdoptionsApi
{
    public static RouteGroupBuilder MapAdoptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/adoptions").WithTags("adoptions").RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/", StartAsync);
        group.MapGet("/{name}", (string name, AdoptionService adoptions) => TypedResults.Ok(adoptions.Get(name)));
        return group;
    }

    private static async Task<Accepted<AdoptionView>> StartAsync(AdoptRequest request, AdoptionService adoptions, HttpContext http)
    {
        AuditTarget.Note(http, $"adopt={TextRules.Excerpt(request.Name ?? request.Host, 63)}");
        var view = await adoptions.StartAsync(request, HubAddress(http), http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Accepted((string?)null, view);
    }

    /// <summary>The hub as the caller reached it (scheme, host and port of this request): the Pi is told the same.</summary>
    public static Uri HubAddress(HttpContext http) => new($"https://{http.Request.Host.Value}");
}
