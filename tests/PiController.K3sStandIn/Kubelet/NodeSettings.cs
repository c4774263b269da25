using PiController.K3sStandIn.Cli;

namespace PiController.K3sStandIn.Kubelet;

/// <summary>
/// What the stand-in's kubelet registers its Node with: the name, the node-label and node-taint settings (applied at
/// registration only, as K3s documents: a Node that exists keeps the labels and taints it has), and the role labels.
/// </summary>
internal sealed record NodeSettings(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(string Key, string? Value, string Effect)> Taints, bool Server, bool Etcd)
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <exception cref="UsageException">a label that is not key=value, or a taint that is not key[=value]:Effect.</exception>
    public static NodeSettings From(Settings settings, string name, bool server, bool etcd)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in settings.List("node-label"))
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"invalid node-label \"{label}\": write it as key=value, such as hardware.pi-controller.io/model=pi-4b");
            }
            labels[label[..equals]] = label[(equals + 1)..];
        }
        var taints = new List<(string, string?, string)>();
        foreach (var taint in settings.List("node-taint"))
        {
            var colon = taint.LastIndexOf(':');
            var effect = colon < 0 ? "" : taint[(colon + 1)..];
            if (colon <= 0 || !Effects.Contains(effect))
            {
                throw new UsageException($"invalid node-taint \"{taint}\": write it as key[=value]:Effect with Effect one of {string.Join(", ", Effects)}");
            }
            var body = taint[..colon];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            taints.Add(equals < 0 ? (body, null, effect) : (body[..equals], body[(equals + 1)..], effect));
        }
        return new NodeSettings(name, labels, taints, server, etcd);
    }
}
