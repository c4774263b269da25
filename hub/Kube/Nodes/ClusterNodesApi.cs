using PiController.Hub.Api;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Placement;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Security;

namespace PiController.Hub.Kube.Nodes;

/// <summary>
/// REST: /api/v1/clusters/{name}/policy, /membership and /placement?needs=... Reading needs any token; changing the
/// policy is admin only (it decides what the hub restarts and deletes in the cluster).
/// </summary>
internal static class ClusterNodesApi
{
    public static RouteGroupBuilder MapClusterNodesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/clusters/{name}").WithTags("clusters");
        group.MapGet("/policy", (string name, ClusterPolicyService policies) => TypedResults.Ok(policies.Get(name)));
        group.MapPatch("/policy", (string name, UpdateClusterPolicyRequest change, ClusterPolicyService policies, HttpContext http) =>
        {
            AuditTarget.Note(http, $"cluster={TextRules.Excerpt(name)}");
            return TypedResults.Ok(policies.Update(name, change));
        }).RequireAuthorization(HubPolicies.Admin);
        group.MapGet("/membership", (string name, MembershipService membership) => TypedResults.Ok(membership.Get(name)));
        group.MapGet("/placement", (string name, string? needs, PlacementService placement) => TypedResults.Ok(placement.Place(name, needs)));
        return group;
    }
}
