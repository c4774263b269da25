using PiController.Hub.Nodes;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>Nodes, their labels and enrollments: the paths under /api/v1/nodes and /api/v1/enrollments.</summary>
internal sealed partial class HubClient
{
    public Task<IReadOnlyList<NodeView>> ListNodesAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/v1/nodes", HubJsonContext.Default.IReadOnlyListNodeView, cancellationToken);

    public Task<NodeView> GetNodeAsync(string node, CancellationToken cancellationToken) =>
        GetAsync(NodePath(node), HubJsonContext.Default.NodeView, cancellationToken);

    public Task<PingResult> PingNodeAsync(string node, PingRequest request, CancellationToken cancellationToken) =>
        PostAsync(NodePath(node, "ping"), request, HubJsonContext.Default.PingRequest, HubJsonContext.Default.PingResult, cancellationToken);

    /// <summary>The board identity and capabilities as the hub sent them (JSON text, printed as it is).</summary>
    public Task<string> GetNodeHardwareJsonAsync(string node, CancellationToken cancellationToken) =>
        GetTextAsync(NodePath(node, "hardware"), cancellationToken);

    public Task RemoveNodeAsync(string node, CancellationToken cancellationToken) =>
        DeleteAsync(NodePath(node), cancellationToken);

    public Task RevokeNodeAsync(string node, CancellationToken cancellationToken) =>
        PostAsync(NodePath(node, "revoke"), cancellationToken);

    public Task ApproveNodeAsync(string node, string keyPrefix, CancellationToken cancellationToken) =>
        PostAsync(NodePath(node, "approve"), new ApproveEnrollmentRequest(keyPrefix), HubJsonContext.Default.ApproveEnrollmentRequest, cancellationToken);

    public Task<IReadOnlyList<EnrollmentRequestView>> ListPendingEnrollmentsAsync(CancellationToken cancellationToken) =>
        GetAsync("/api/v1/enrollments", HubJsonContext.Default.IReadOnlyListEnrollmentRequestView, cancellationToken);

    public Task<NodeLabelsView> GetNodeLabelsAsync(string node, CancellationToken cancellationToken) =>
        GetAsync(NodePath(node, "labels"), HubJsonContext.Default.NodeLabelsView, cancellationToken);

    public Task<NodeLabelsView> SetNodeLabelsAsync(string node, NodeLabelsChange change, CancellationToken cancellationToken) =>
        PutAsync(NodePath(node, "labels"), change, HubJsonContext.Default.NodeLabelsChange, HubJsonContext.Default.NodeLabelsView, cancellationToken);

    /// <summary>A node, or one of its resources: <paramref name="resource"/> is already escaped where it needs to be.</summary>
    private static string NodePath(string node, string? resource = null) =>
        resource is null ? $"/api/v1/nodes/{Uri.EscapeDataString(node)}" : $"/api/v1/nodes/{Uri.EscapeDataString(node)}/{resource}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
