using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Audit;

/// <summary>REST: GET /api/v1/audit?limit=&amp;since= (admin), newest first.</summary>
internal static class AuditApi
{
    public static RouteHandlerBuilder MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/audit", Query).WithTags("audit").RequireAuthorization(HubPolicies.Admin);

    private static Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult> Query(int? limit, DateTimeOffset? since, AuditLog log)
    {
        var count = limit ?? 100;
        if (count is < 1 or > AuditLog.MaxQuery)
        {
            return Problems.Invalid($"limit must be between 1 and {AuditLog.MaxQuery}, got {count}");
        }
        return TypedResults.Ok(log.Query(count, since));
    }
}
