using k8s.Models;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Which Kubernetes node a node of the hub's cluster plan is: the one labelled with its hub node id (the label the
/// provisioner sets), else the one named as the plan named it (its hostname, or pi-SERIAL), else the one whose
/// InternalIP is the address the hub reaches it at. Null when none, or more than one, fits.
/// </summary>
internal static class UpgradeNodeLookup
{
    public const string NodeIdLabel = HardwareLabels.Prefix + "node-id";

    public static V1Node? Find(IReadOnlyList<V1Node> nodes, NodeTarget target, string? hostname, string? address)
    {
        var names = new[] { hostname?.Trim().ToLowerInvariant(), K3sNodeName.Choose(null, target.Name, []).Name }.OfType<string>().ToHashSet(StringComparer.Ordinal);
        IEnumerable<Func<V1Node, bool>> rules =
        [
            n => target.Kind == NodeTransportKind.Agent && n.Metadata?.Labels?.TryGetValue(NodeIdLabel, out var id) == true && id == target.Name,
            n => n.Metadata?.Name is { } name && names.Contains(name),
            n => address is not null && n.Status?.Addresses?.Any(a => a.Type == "InternalIP" && a.Address == address) == true,
        ];
        foreach (var rule in rules)
        {
            var found = nodes.Where(rule).Take(2).ToList();
            if (found.Count == 1)
            {
                return found[0];
            }
        }
        return null;
    }
}
