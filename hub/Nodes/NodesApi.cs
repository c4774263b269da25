using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Nodes;

/// <summary>REST: /api/v1/nodes.</summary>
internal static class NodesApi
{
    public static RouteGroupBuilder MapNodesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/nodes").WithTags("nodes");
        group.MapGet("/", (NodeService nodes) => TypedResults.Ok(nodes.List()));
        group.MapGet("/{nodeId}", GetNode);
        group.MapGet("/{nodeId}/hardware", GetHardware);
        group.MapPost("/{nodeId}/ping", PingNode).RequireAuthorization(HubPolicies.Operator);
        group.MapDelete("/{nodeId}", DeleteNode).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{nodeId}/revoke", RevokeNode).RequireAuthorization(HubPolicies.Admin);
        group.MapPost("/{nodeId}/approve", ApproveNode).RequireAuthorization(HubPolicies.Admin);
        app.MapGet("/api/v1/enrollments", (EnrollmentRequestStore requests) => TypedResults.Ok(requests.Pending())).WithTags("nodes");
        return group;
    }

    private static Results<Ok<NodeView>, ProblemHttpResult> GetNode(string nodeId, NodeService nodes) =>
        nodes.Get(nodeId) is { } node ? TypedResults.Ok(node) : Problems.NotFound($"no node with id \"{nodeId}\"; GET /api/v1/nodes lists the nodes");

    /// <summary>The board identity and capabilities the agent last reported, as protobuf JSON (absent = unknown).</summary>
    private static Results<ContentHttpResult, ProblemHttpResult> GetHardware(string nodeId, NodeService nodes) =>
        nodes.Get(nodeId) is null
            ? Problems.NotFound($"no node with id \"{nodeId}\"")
            : nodes.Hardware(nodeId) is { } report
                ? TypedResults.Text(Google.Protobuf.JsonFormatter.Default.Format(report), "application/json")
                : Problems.NotFound($"node {nodeId} has not reported its hardware (its agent predates hardware reports)");

    private static async Task<Results<Ok<PingResult>, ProblemHttpResult>> PingNode(
        string nodeId, PingRequest? request, NodeService nodes, CancellationToken cancellationToken)
    {
        var count = request?.Count ?? 4;
        var timeoutMs = request?.TimeoutMs ?? (int)NodeService.DefaultTimeout.TotalMilliseconds;
        if (count is < 1 or > NodeService.MaxPingCount)
        {
            return Problems.Invalid($"count must be between 1 and {NodeService.MaxPingCount}, got {count}");
        }
        if (timeoutMs is < 1 or > 60_000)
        {
            return Problems.Invalid($"timeoutMs must be between 1 and 60000, got {timeoutMs}");
        }
        try
        {
            return TypedResults.Ok(await nodes.PingAsync(nodeId, count, TimeSpan.FromMilliseconds(timeoutMs), cancellationToken).ConfigureAwait(false));
        }
        catch (CommandFailedException e)
        {
            return Problems.From(e);
        }
    }

    private static Results<NoContent, ProblemHttpResult> RevokeNode(string nodeId, NodeService nodes) =>
        nodes.Revoke(nodeId) is not null ? TypedResults.NoContent() : Problems.NotFound($"no node with id \"{nodeId}\"");

    private static Results<NoContent, ProblemHttpResult> ApproveNode(string nodeId, ApproveEnrollmentRequest? request, NodeService nodes)
    {
        var key = request?.PublicKeySha256;
        if (EnrollmentKeys.CheckPrefix(key) is { } problem)
        {
            return Problems.Invalid($"{problem} (body: {{\"publicKeySha256\": \"...\"}}; GET /api/v1/enrollments lists the waiting keys)");
        }
        var result = nodes.Approve(nodeId, key!);
        return result.Outcome switch
        {
            ApprovalOutcome.Approved or ApprovalOutcome.AlreadyApproved => TypedResults.NoContent(),
            ApprovalOutcome.NothingWaiting or ApprovalOutcome.NoSuchKey => Problems.NotFound(result.Problem(nodeId, key!.Trim())!),
            _ => TypedResults.Problem(title: "Ambiguous key", detail: result.Problem(nodeId, key!.Trim()), statusCode: StatusCodes.Status409Conflict),
        };
    }

    private static Results<NoContent, ProblemHttpResult> DeleteNode(string nodeId, NodeService nodes) =>
        nodes.Delete(nodeId) ? TypedResults.NoContent() : Problems.NotFound($"no node with id \"{nodeId}\"");
}
