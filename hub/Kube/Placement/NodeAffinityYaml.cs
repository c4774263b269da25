using System.Globalization;
using System.Text;

namespace PiController.Hub.Kube.Placement;

/// <summary>
/// The node affinity that puts a Deployment's pods on nodes serving the needs, as YAML to paste under the pod
/// template's spec (spec.template.spec of a Deployment): one required term whose expressions match the same labels
/// <see cref="PlacementMatch"/> reads; a memory need is "Gt" one MiB less (node affinity has no "at least").
/// Label keys and values are the hub's own (letters, digits, '-', '_', '.' and one '/'), so quoting every value is enough.
/// </summary>
internal static class NodeAffinityYaml
{
    public static string For(IReadOnlyList<PlacementNeed> needs)
    {
        var yaml = new StringBuilder();
        yaml.Append("affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n      - matchExpressions:\n");
        foreach (var need in needs.DistinctBy(n => (n.Label, n.Value, n.Megabytes)))
        {
            var (op, value) = need.Kind == PlacementNeedKind.Memory
                ? ("Gt", (need.Megabytes - 1).ToString(CultureInfo.InvariantCulture))
                : ("In", need.Value!);
            yaml.Append(CultureInfo.InvariantCulture, $"        - key: {need.Label}\n          operator: {op}\n          values: [\"{value}\"]\n");
        }
        return yaml.ToString();
    }
}
