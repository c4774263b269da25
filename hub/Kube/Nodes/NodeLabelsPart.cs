using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Nodes;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.Nodes;

/// <summary>
/// "node-labels": keeps each matched node's labels and taints under hardware.pi-controller.io/ in step with its
/// agent's hardware report, its verified sensors and the cluster's policy (<see cref="NodeHardwareLabels"/>), with
/// one merge patch when something differs and none otherwise (<see cref="NodeLabelPatch"/>). Keys: a Node's name (a
/// Node changed, or <see cref="ClusterNodeFeed"/> queued it after a report), or <see cref="AllNodes"/> (the policy
/// changed). A node no hub node matches is left alone; others' labels and taints are never touched.
/// </summary>
internal sealed partial class NodeLabelsPart(NodeStore nodes, ResourceStore resources, ClusterPolicyStore policies, ILogger<NodeLabelsPart> logger) : IClusterPart
{
    public const string PartName = "node-labels";

    /// <summary>The part's own key for "every node of the cluster".</summary>
    public const string AllNodes = "*";

    public string Name => PartName;

    public IReadOnlyList<KubeKind> Watches { get; } = [KubeKind.Nodes];

    public Task PrepareAsync(ClusterContext cluster, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ReconcileAsync(ClusterContext cluster, WorkItem item, CancellationToken cancellationToken)
    {
        var cache = cluster.Cache(KubeKind.Nodes);
        if (item.Key == AllNodes)
        {
            foreach (var each in cache.List())
            {
                cluster.Enqueue(PartName, each.Name);
            }
            return;
        }
        if (cache.Get(item.Key) is not { } node || cluster.NodeIdOf(node.Name) is not { } nodeId)
        {
            return;
        }
        var desired = NodeHardwareLabels.Desired(nodeId, nodes.Hardware(nodeId), Sensors(nodeId), policies.Get(cluster.Name).ThrottleTaints);
        if (NodeLabelPatch.Compute(node.Json, desired) is not { } patch)
        {
            return;
        }
        using var answer = await cluster.Api.SendAsync(HttpMethod.Patch, KubeKind.Nodes.ObjectPath(null, node.Name), patch, "application/merge-patch+json", cancellationToken)
            .ConfigureAwait(false);
        LogPatched(logger, cluster.Name, node.Name, nodeId);
    }

    /// <summary>The typed devices the node's agent reads now: I2C resources on it that are Applied (the agent checked the chip's identity first).</summary>
    private IEnumerable<string> Sensors(string nodeId) =>
        resources.List(ResourceKind.I2cDevice, nodeId)
            .Where(r => r.Status.Is(ResourceCondition.Applied) && r.Status.Observed?.Device is { Length: > 0 })
            .Select(r => r.Status.Observed!.Device!)
            .Where(d => d.All(char.IsAsciiLetterOrDigit));

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: hardware labels and taints of node {Node} (hub node {NodeId}) brought in step")]
    private static partial void LogPatched(ILogger logger, string cluster, string node, string nodeId);
}
