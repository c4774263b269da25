using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;
using PiController.Hub.Resources;
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
        group.MapGet("/", Get);
        group.MapPatch("/", (string nodeId, HttpRequest request, NodeLabels labels, NodeLabelStore store, CancellationToken ct) => ChangeAsync(nodeId, request, labels, store, false, ct))
            .Accepts<NodeLabelsChange>("application/json").RequireAuthorization(HubPolicies.Operator);
        group.MapPut("/", (string nodeId, HttpRequest request, NodeLabels labels, NodeLabelStore store, CancellationToken ct) => ChangeAsync(nodeId, request, labels, store, true, ct))
            .Accepts<NodeLabelsChange>("application/json").RequireAuthorization(HubPolicies.Operator);
        return app;
    }

    private static Results<Ok<NodeLabelsView>, ProblemHttpResult> Get(string nodeId, NodeLabels labels) =>
        labels.Get(nodeId) is { } view ? TypedResults.Ok(view) : Problems.NotFound($"no node with id \"{nodeId}\"; GET /api/v1/nodes lists the nodes");

    private static async Task<Results<Ok<NodeLabelsView>, ProblemHttpResult>> ChangeAsync(
        string nodeId, HttpRequest request, NodeLabels labels, NodeLabelStore store, bool replace, CancellationToken ct)
    {
        // The body first, like a bound body: a malformed one is refused the same way whatever the node.
        var (change, problem) = await JsonBody.ReadAsync(request, NodesJsonContext.Default.NodeLabelsChange, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return Problems.Invalid(problem);
        }
        if (labels.Get(nodeId) is null)
        {
            return Problems.NotFound($"no node with id \"{nodeId}\"; GET /api/v1/nodes lists the nodes");
        }
        if (change!.Labels is not { } changes)
        {
            return Problems.Invalid("labels is required: {\"labels\": {\"room\": \"garage\", \"old\": null}}");
        }
        var errors = new List<string>();
        LabelRules.Check(changes.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!), "labels", allowReserved: false, errors);
        foreach (var key in changes.Where(p => p.Value is null).Select(p => p.Key))
        {
            if (LabelRules.Key(key) is { } bad)
            {
                errors.Add("labels: " + bad);
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(string.Join("; ", errors));
        }
        store.Apply(nodeId, changes, replace);
        return TypedResults.Ok(labels.Get(nodeId)!);
    }
}
