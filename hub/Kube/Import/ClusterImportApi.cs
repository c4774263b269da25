using PiController.Hub.Api;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Security;

namespace PiController.Hub.Kube.Import;

/// <summary>
/// REST: POST /api/v1/clusters/import (admin: the kubeconfig is a cluster's admin; it is never audited or logged) and
/// GET /api/v1/clusters/{name}/manager (any token: no secret in it).
/// </summary>
internal static class ClusterImportApi
{
    public static IEndpointRouteBuilder MapClusterImportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/clusters").WithTags("clusters");
        group.MapPost("/import", async (ImportClusterRequest request, ClusterImportService imports, HttpContext http) =>
        {
            AuditTarget.Note(http, $"cluster={TextRules.Excerpt(request.Name ?? "")}");
            return TypedResults.Ok(await imports.ImportAsync(request, http.RequestAborted).ConfigureAwait(false));
        }).RequireAuthorization(HubPolicies.Admin);
        group.MapGet("/{name}/manager", (string name, ClusterManager manager) => TypedResults.Ok(manager.Status(name)));
        return app;
    }
}
