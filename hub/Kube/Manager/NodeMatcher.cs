using System.Net;

namespace PiController.Hub.Kube.Manager;

/// <summary>
/// Matches a cluster's Kubernetes nodes to the hub's nodes: by the label hardware.pi-controller.io/node-id (set by
/// the provisioner on every node it installs), else by hostname and InternalIP against the hub's nodes. A match that
/// is not unique (two hub nodes with that hostname, or one hub node that two Kubernetes nodes point at) is not made
/// and is reported as ambiguous, with the names involved: guessing wrong would put one board's pins on another.
/// </summary>
internal static class NodeMatcher
{
    public const string NodeIdLabel = "hardware.pi-controller.io/node-id";

    private const string Fix = $"label the Kubernetes node with {NodeIdLabel}=NODE_ID (kubectl label node NAME {NodeIdLabel}=NODE_ID)";

    public static IReadOnlyList<NodeMatch> Match(IReadOnlyList<KubeNodeFacts> kubernetes, IReadOnlyList<HubNodeFacts> hub)
    {
        var byId = hub.ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var first = kubernetes.Select(k => One(k, hub, byId)).ToList();
        // A hub node claimed by two Kubernetes nodes is nobody's, unless one of them names it by label (the label is the provisioner's word).
        var claimed = first.Where(m => m.NodeId is not null).GroupBy(m => m.NodeId!, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. first.Select(m =>
        {
            if (m.NodeId is null || !claimed.TryGetValue(m.NodeId, out var rivals))
            {
                return m;
            }
            var labelled = rivals.Where(r => r.By == "label").ToList();
            if (labelled.Count == 1 && m.By == "label")
            {
                return m;
            }
            var others = string.Join(", ", rivals.Where(r => r != m).Select(r => r.KubernetesNode));
            return new NodeMatch(m.KubernetesNode, NodeMatchOutcome.Ambiguous, null, "",
                $"hub node {m.NodeId} also matches Kubernetes node {others}; {Fix}");
        })];
    }

    private static NodeMatch One(KubeNodeFacts node, IReadOnlyList<HubNodeFacts> hub, Dictionary<string, HubNodeFacts> byId)
    {
        if (node.NodeIdLabel is { Length: > 0 } label)
        {
            return byId.ContainsKey(label)
                ? new NodeMatch(node.Name, NodeMatchOutcome.Matched, label, "label", "")
                : new NodeMatch(node.Name, NodeMatchOutcome.Unmatched, null, "", $"its label {NodeIdLabel}={label} names no node of this hub; enroll that node or correct the label");
        }
        var ips = node.InternalIps.Select(Normal).Where(a => a is not null).ToHashSet(StringComparer.Ordinal);
        var byName = node.Hostname is { Length: > 0 } host ? hub.Where(h => string.Equals(h.Hostname, host, StringComparison.OrdinalIgnoreCase)).ToList() : [];
        var byAddress = hub.Where(h => Normal(h.Address) is { } a && ips.Contains(a)).ToList();
        var both = byName.Intersect(byAddress).ToList();
        if (both.Count == 1)
        {
            return new NodeMatch(node.Name, NodeMatchOutcome.Matched, both[0].NodeId, "hostname and address", "");
        }
        var either = byName.Union(byAddress).ToList();
        if (either.Count == 1)
        {
            return new NodeMatch(node.Name, NodeMatchOutcome.Matched, either[0].NodeId, byName.Count == 1 ? "hostname" : "address", "");
        }
        var seen = $"hostname {node.Hostname ?? "(none)"}, InternalIP {(ips.Count == 0 ? "(none)" : string.Join(", ", ips.Order(StringComparer.Ordinal)))}";
        return either.Count == 0
            ? new NodeMatch(node.Name, NodeMatchOutcome.Unmatched, null, "", $"no hub node has its {seen}; enroll it (pi-controller token create, then the agent) or {Fix}")
            : new NodeMatch(node.Name, NodeMatchOutcome.Ambiguous, null, "",
                $"hub nodes {string.Join(", ", either.Select(h => h.NodeId).Order(StringComparer.Ordinal))} all match its {seen}; {Fix}");
    }

    /// <summary>An address as text, IPv4-mapped IPv6 unwrapped (the hub records the agent's peer address as the socket saw it).</summary>
    private static string? Normal(string? address) =>
        IPAddress.TryParse(address, out var ip) ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;
}
