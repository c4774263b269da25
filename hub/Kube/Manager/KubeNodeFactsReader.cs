using System.Text.Json;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Nodes;

namespace PiController.Hub.Kube.Manager;

/// <summary>Reads the facts node matching uses from a Node object (the informer's JSON) and from the hub's node records.</summary>
internal static class KubeNodeFactsReader
{
    public static KubeNodeFacts From(KubeObject node) => From(node.Name, node.Json);

    public static KubeNodeFacts From(string name, JsonElement json)
    {
        string? label = null;
        string? hostname = null;
        if (json.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object)
        {
            label = labels.TryGetProperty(NodeMatcher.NodeIdLabel, out var l) ? l.GetString() : null;
            hostname = labels.TryGetProperty("kubernetes.io/hostname", out var h) ? h.GetString() : null;
        }
        var ips = new List<string>();
        if (json.TryGetProperty("status", out var status) && status.TryGetProperty("addresses", out var addresses) && addresses.ValueKind == JsonValueKind.Array)
        {
            foreach (var address in addresses.EnumerateArray())
            {
                var type = address.TryGetProperty("type", out var t) ? t.GetString() : null;
                var value = address.TryGetProperty("address", out var a) ? a.GetString() : null;
                if (type == "InternalIP" && value is not null)
                {
                    ips.Add(value);
                }
                else if (type == "Hostname" && hostname is null)
                {
                    hostname = value;
                }
            }
        }
        return new KubeNodeFacts(name, label, hostname, ips);
    }

    public static IReadOnlyList<HubNodeFacts> From(IEnumerable<NodeRecord> nodes) =>
        [.. nodes.Where(n => n.RevokedAt is null).Select(n => new HubNodeFacts(n.NodeId, n.Hostname, n.RemoteAddress.Length == 0 ? null : n.RemoteAddress))];
}
