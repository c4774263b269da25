using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Nodes;

/// <summary>The labels to change on a node: a value sets a label, null removes it.</summary>
internal sealed record NodeLabelsChange(IReadOnlyDictionary<string, string?>? Labels);

/// <summary>
/// REST: /api/v1/nodes/{nodeId}/labels. GET shows the labels people set and those the hub derives; PATCH sets
/// and removes some (null removes); PUT replaces them all. Derived keys (pi-controller.io/...,
/// hardware.pi-controller.io/...) cannot be set.
/// </summary>
internal static class NodeLabelsApi
{
    public static IEndpointRouteBuilder MapNodeLabelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/nodes/{nodeId}/labels").WithTags("nodes");
        group.MapGet("/", (string nodeId, NodeLabels labels) => TypedResults.Ok(labels.Require(nodeId)));
        group.MapPatch("/", (string nodeId, HttpRequest request, NodeLabels labels, CancellationToken ct) => ChangeAsync(nodeId, request, labels, false, ct))
            .Accepts<NodeLabelsChange>("application/json").RequireAuthorization(HubPolicies.Operator);
        group.MapPut("/", (string nodeId, HttpRequest request, NodeLabels labels, CancellationToken ct) => ChangeAsync(nodeId, request, labels, true, ct))
            .Accepts<NodeLabelsChange>("application/json").RequireAuthorization(HubPolicies.Operator);
        return app;
    }

    private static async Task<IResult> ChangeAsync(string nodeId, HttpRequest request, NodeLabels labels, bool replace, CancellationToken ct)
    {
        // The body first, like a bound body: a malformed one is refused the same way whatever the node.
        var change = await JsonBody.RequireAsync(request, NodesJsonContext.Default.NodeLabelsChange, ct).ConfigureAwait(false);
        return TypedResults.Ok(labels.Change(nodeId, change.Labels, replace));
    }
}
