using PiController.Hub.Security;

namespace PiController.Hub.Nodes;

/// <summary>REST: /api/v1/nodes and /api/v1/enrollments, thin over <see cref="NodeService"/> (gRPC: <see cref="NodesGrpcService"/>).</summary>
internal static class NodesApi
{
    public static RouteGroupBuilder MapNodesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/nodes").WithTags("nodes");
        group.MapGet("/", (NodeService nodes) => TypedResults.Ok(nodes.List()));
        group.MapGet("/{nodeId}", (string nodeId, NodeService nodes) => TypedResults.Ok(nodes.Get(nodeId)));
        // The report as protobuf JSON (an absent field is a value the agent could not read).
        group.MapGet("/{nodeId}/hardware", (string nodeId, NodeService nodes) =>
            TypedResults.Text(Google.Protobuf.JsonFormatter.Default.Format(nodes.Hardware(nodeId)), "application/json"));
        group.MapPost("/{nodeId}/ping", PingNodeAsync).RequireAuthorization(HubPolicies.Operator);
        group.MapDelete("/{nodeId}", (string nodeId, NodeService nodes) =>
        {
            nodes.Delete(nodeId);
            return TypedResults.NoContent();
        }).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{nodeId}/revoke", (string nodeId, NodeService nodes) =>
        {
            nodes.Revoke(nodeId);
            return TypedResults.NoContent();
        }).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{nodeId}/approve", (string nodeId, ApproveEnrollmentRequest? request, NodeService nodes) =>
        {
            nodes.Approve(nodeId, request?.PublicKeySha256);
            return TypedResults.NoContent();
        }).RequireAuthorization(HubPolicies.Admin);
        app.MapGet("/api/v1/enrollments", (NodeService nodes) => TypedResults.Ok(nodes.Pending())).WithTags("nodes");
        return group;
    }

    private static async Task<IResult> PingNodeAsync(string nodeId, PingRequest? request, NodeService nodes, CancellationToken cancellationToken)
    {
        var timeout = request?.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : NodeService.DefaultTimeout;
        return TypedResults.Ok(await nodes.PingAsync(nodeId, request?.Count ?? 4, timeout, cancellationToken).ConfigureAwait(false));
    }
}
