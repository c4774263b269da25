using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>
/// REST: /api/v1/clusters/{name}/snapshots. Reading needs any token (refresh=true asks the server with k3s
/// etcd-snapshot ls, which changes nothing on it); saving, pruning and the schedule are admin only.
/// </summary>
internal static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/clusters/{name}/snapshots").WithTags("clusters");
        group.MapGet("/", async (string name, bool? refresh, SnapshotService snapshots, HttpContext http) => TypedResults.Ok(refresh == true
            ? await snapshots.ListAsync(name, http.RequestAborted).ConfigureAwait(false)
            : snapshots.Get(name)));
        group.MapPost("/", async (string name, SaveSnapshotRequest? request, SnapshotService snapshots, HttpContext http) =>
        {
            Audit(http, name);
            return TypedResults.Ok(await snapshots.SaveAsync(name, request ?? new SaveSnapshotRequest(null), http.RequestAborted).ConfigureAwait(false));
        }).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/prune", async (string name, PruneSnapshotsRequest? request, SnapshotService snapshots, HttpContext http) =>
        {
            Audit(http, name);
            return TypedResults.Ok(await snapshots.PruneAsync(name, request ?? new PruneSnapshotsRequest(null), http.RequestAborted).ConfigureAwait(false));
        }).RequireAuthorization(HubPolicies.Admin);
        group.MapPut("/schedule", (string name, SnapshotScheduleRequest request, SnapshotService snapshots, HttpContext http) =>
        {
            Audit(http, name);
            return TypedResults.Ok(snapshots.SetSchedule(name, request));
        }).RequireAuthorization(HubPolicies.Admin);
        group.MapDelete("/schedule", (string name, SnapshotService snapshots, HttpContext http) =>
        {
            Audit(http, name);
            return TypedResults.Ok(snapshots.RemoveSchedule(name));
        }).RequireAuthorization(HubPolicies.Admin);
        return group;
    }

    private static void Audit(HttpContext http, string name) => AuditTarget.Note(http, $"cluster={TextRules.Excerpt(name)}");
}
