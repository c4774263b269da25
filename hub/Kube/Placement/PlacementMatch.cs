using System.Globalization;
using PiController.Hub.Kube.Nodes;

namespace PiController.Hub.Kube.Placement;

/// <summary>
/// Why a node cannot serve a workload's needs, read from the node's labels as Kubernetes holds them (what the node
/// affinity will match), its cordon and the hub's NoSchedule taints; no reasons: it can. Pure.
/// </summary>
internal static class PlacementMatch
{
    public static IReadOnlyList<string> Reasons(IReadOnlyDictionary<string, string> labels, bool cordoned, IEnumerable<NodeTaint> taints, IReadOnlyList<PlacementNeed> needs)
    {
        var reasons = new List<string>();
        foreach (var need in needs)
        {
            labels.TryGetValue(need.Label, out var value);
            var reason = need.Kind switch
            {
                PlacementNeedKind.Feature when value != need.Value => $"no {need.Term.ToUpperInvariant()} ({need.Label} is not \"true\")",
                PlacementNeedKind.Sensor when value != need.Value => $"no {need.Label[(need.Label.LastIndexOf('.') + 1)..]} is read on it (create an I2CDevice of that type on the node first)",
                PlacementNeedKind.Memory => Memory(value, need.Megabytes),
                PlacementNeedKind.Board when value != need.Value => value is null ? "its board type is unknown" : $"it is a {value}, not a {need.Value}",
                _ => null,
            };
            if (reason is not null)
            {
                reasons.Add(reason);
            }
        }
        if (cordoned)
        {
            reasons.Add("it is cordoned (kubectl uncordon, or wait for the upgrade that cordoned it)");
        }
        reasons.AddRange(taints.Where(t => t.Effect is NodeTaint.NoSchedule or "NoExecute").Select(t => $"it is tainted {t} (the firmware reports it now)"));
        return reasons;
    }

    private static string? Memory(string? value, long needed)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes))
        {
            return "its memory is unknown (no memory-mb label)";
        }
        return megabytes >= needed ? null : $"it has {megabytes} MiB of memory, the workload needs {needed} MiB";
    }
}
