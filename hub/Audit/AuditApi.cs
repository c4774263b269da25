using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Audit;

/// <summary>
/// REST: GET /api/v1/audit?limit=&amp;since= (admin), newest first. The query values are parsed here: a bound
/// nullable number that does not parse is answered with a bare 400 that names nothing.
/// </summary>
internal static class AuditApi
{
    public static RouteHandlerBuilder MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/audit", Query).WithTags("audit").RequireAuthorization(HubPolicies.Admin);

    private static Ok<IReadOnlyList<AuditEntry>> Query(string? limit, string? since, AuditLog log)
    {
        var count = 100;
        if (!string.IsNullOrEmpty(limit) && !int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out count))
        {
            throw new HubException(HubErrorKind.Invalid, $"limit must be a whole number, got \"{TextRules.Excerpt(limit, 40)}\"");
        }
        if (count is < 1 or > AuditLog.MaxQuery)
        {
            throw new HubException(HubErrorKind.Invalid, $"limit must be between 1 and {AuditLog.MaxQuery}, got {count}");
        }
        DateTimeOffset? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new HubException(HubErrorKind.Invalid, $"since must be a date and time such as 2025-06-01T00:00:00Z, got \"{TextRules.Excerpt(since, 40)}\"");
            }
            from = parsed;
        }
        return TypedResults.Ok(log.Query(count, from));
    }
}
