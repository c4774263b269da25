using System.Text.Json;
using PiController.Hub.Api;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Nodes;

namespace PiController.Hub.Kube.Placement;

/// <summary>
/// The placement query (<c>pi-controller cluster place NAME --needs ...</c>), for REST and gRPC alike: the needs
/// parsed, every node of the cluster's cache judged by its labels (<see cref="PlacementMatch"/>), and the node
/// affinity (<see cref="NodeAffinityYaml"/>).
/// </summary>
internal sealed class PlacementService(IClusterManager manager)
{
    public PlacementView Place(string name, string? needsText)
    {
        var needs = PlacementNeeds.Parse(needsText);
        var cluster = manager.Find(name) ?? throw new HubException(HubErrorKind.Precondition,
            $"the hub does not manage the Kubernetes API of cluster {name} (no such cluster, or it has no kubeconfig yet); pi-controller cluster ls lists them");
        if (!cluster.Synced)
        {
            throw new HubException(HubErrorKind.Unavailable, $"the hub has not listed the nodes of cluster {name} yet (its API may be unreachable); try again in a moment");
        }
        var nodes = cluster.Cache(KubeKind.Nodes).List()
            .Select(node =>
            {
                var reasons = PlacementMatch.Reasons(NodeLabelPatch.Labels(node.Json), Cordoned(node.Json),
                    NodeLabelPatch.Taints(node.Json).Select(t => t.Ours).OfType<NodeTaint>(), needs);
                return new PlacementNodeView(node.Name, cluster.NodeIdOf(node.Name) ?? "", reasons.Count == 0, reasons);
            })
            .OrderByDescending(n => n.Fits).ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        return new PlacementView(name, [.. needs.Select(n => n.Term)], nodes, NodeAffinityYaml.For(needs));
    }

    private static bool Cordoned(JsonElement node) =>
        node.TryGetProperty("spec", out var spec) && spec.TryGetProperty("unschedulable", out var flag) && flag.ValueKind == JsonValueKind.True;
}
