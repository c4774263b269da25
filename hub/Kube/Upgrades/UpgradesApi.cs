using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// REST: POST /api/v1/clusters/{name}/upgrade (dry-run: the plan; else 202 and the run), GET the latest run, POST
/// /api/v1/clusters/{name}/rollback. Starting either is admin only (it replaces K3s on the nodes as root).
/// </summary>
internal static class UpgradesApi
{
    public static RouteGroupBuilder MapUpgradesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/clusters/{name}").WithTags("clusters");
        group.MapPost("/upgrade", UpgradeAsync).RequireAuthorization(HubPolicies.Admin);
        group.MapGet("/upgrade", (string name, UpgradeService upgrades) => TypedResults.Ok(upgrades.Get(name)));
        group.MapPost("/rollback", RollbackAsync).RequireAuthorization(HubPolicies.Admin);
        return group;
    }

    private static async Task<Results<Accepted<UpgradeView>, Ok<UpgradeView>>> UpgradeAsync(string name, UpgradeClusterRequest request, UpgradeService upgrades, HttpContext http)
    {
        if (request.DryRun)
        {
            return TypedResults.Ok(await upgrades.PlanAsync(name, request, http.RequestAborted).ConfigureAwait(false));
        }
        AuditTarget.Note(http, $"cluster={TextRules.Excerpt(name)} version={TextRules.Excerpt(request.Version ?? "")}");
        return TypedResults.Accepted((string?)null, await upgrades.UpgradeAsync(name, request, http.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<Results<Accepted<UpgradeView>, Ok<UpgradeView>>> RollbackAsync(string name, RollbackNodeRequest request, UpgradeService upgrades, HttpContext http)
    {
        if (request.DryRun)
        {
            return TypedResults.Ok(await upgrades.PlanRollbackAsync(name, request, http.RequestAborted).ConfigureAwait(false));
        }
        AuditTarget.Note(http, $"cluster={TextRules.Excerpt(name)} node={TextRules.Excerpt(request.Node ?? "")}");
        return TypedResults.Accepted((string?)null, await upgrades.RollbackAsync(name, request, http.RequestAborted).ConfigureAwait(false));
    }
}
