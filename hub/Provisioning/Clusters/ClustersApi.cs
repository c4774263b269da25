using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// REST: /api/v1/clusters. Listing and reading need any token; creating, changing, deleting, resuming and the
/// kubeconfig are admin only (a cluster's nodes run what the plan says as root; the kubeconfig is its admin).
/// </summary>
internal static class ClustersApi
{
    public static RouteGroupBuilder MapClustersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/clusters").WithTags("clusters");
        group.MapGet("/", (ClusterService clusters) => TypedResults.Ok(clusters.List()));
        group.MapPost("/", CreateAsync).RequireAuthorization(HubPolicies.Admin);
        group.MapGet("/{name}", (string name, ClusterService clusters) => TypedResults.Ok(clusters.Get(name)));
        group.MapDelete("/{name}", (string name, ClusterService clusters, HttpContext http) => Accepted(http, name, clusters.Delete(name)))
            .RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{name}/nodes", (string name, AddClusterNodesRequest request, ClusterService clusters, HttpContext http) =>
            Accepted(http, name, clusters.AddNodes(name, request))).RequireAuthorization(HubPolicies.Admin);
        group.MapDelete("/{name}/nodes/{node}", (string name, string node, ClusterService clusters, HttpContext http) =>
            Accepted(http, name, clusters.RemoveNode(name, node))).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{name}/resume", (string name, ResumeClusterRequest? request, ClusterService clusters, HttpContext http) =>
            Accepted(http, name, clusters.Resume(name, request?.Fix ?? false))).RequireAuthorization(HubPolicies.Admin);
        group.MapGet("/{name}/kubeconfig", (string name, ClusterService clusters, HttpContext http) =>
        {
            AuditTarget.Note(http, $"cluster={TextRules.Excerpt(name)}");
            return TypedResults.Ok(clusters.Kubeconfig(name));
        }).RequireAuthorization(HubPolicies.Admin);
        return group;
    }

    private static async Task<Results<Accepted<ClusterView>, Ok<ClusterPlanView>>> CreateAsync(CreateClusterRequest request, ClusterService clusters, HttpContext http)
    {
        if (request.DryRun)
        {
            return TypedResults.Ok(await clusters.PlanAsync(request, http.RequestAborted).ConfigureAwait(false));
        }
        var created = clusters.Create(request);
        return Accepted(http, created.Name, created);
    }

    private static Accepted<ClusterView> Accepted(HttpContext http, string name, ClusterView view)
    {
        AuditTarget.Note(http, $"cluster={TextRules.Excerpt(name)}");
        return TypedResults.Accepted((string?)null, view);
    }
}
