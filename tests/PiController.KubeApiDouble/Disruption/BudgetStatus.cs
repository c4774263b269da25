using System.Globalization;
using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Selectors;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Disruption;

/// <summary>
/// A PodDisruptionBudget's status as the disruption controller computes it: of the pods its selector matches
/// (expectedPods), those Running and Ready and not being deleted are healthy; minAvailable or maxUnavailable (a
/// number or a percentage of expectedPods, rounded up) gives desiredHealthy; disruptionsAllowed is what is left.
/// </summary>
internal static class BudgetStatus
{
    public static JsonObject Compute(JsonObject budget, IEnumerable<JsonObject> pods, DateTimeOffset now)
    {
        var spec = budget["spec"] as JsonObject ?? [];
        var selector = LabelSelector.FromObject(spec["selector"] as JsonObject);
        var matching = pods.Where(p => selector.Matches(Meta.Labels(p))).ToList();
        var expected = matching.Count;
        var healthy = matching.Count(Healthy);
        int desired;
        if (spec["maxUnavailable"] is { } maxUnavailable)
        {
            desired = Math.Max(0, expected - Scaled(maxUnavailable, expected));
        }
        else
        {
            desired = spec["minAvailable"] is { } minAvailable ? Scaled(minAvailable, expected) : 1;
        }
        var allowed = Math.Max(0, healthy - desired);
        var generation = (JsonValues.Long(budget["metadata"]?["generation"]) ?? 1);
        var conditionStatus = allowed > 0 ? "True" : "False";
        var previous = (budget["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.ToString() == "DisruptionAllowed");
        var since = previous?["status"]?.ToString() == conditionStatus ? previous["lastTransitionTime"]?.ToString() : null;
        return new JsonObject
        {
            ["observedGeneration"] = generation,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = healthy,
            ["desiredHealthy"] = desired,
            ["expectedPods"] = expected,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "DisruptionAllowed",
                ["status"] = conditionStatus,
                ["observedGeneration"] = generation,
                ["reason"] = allowed > 0 ? "SufficientPods" : "InsufficientPods",
                ["message"] = "",
                ["lastTransitionTime"] = since ?? Meta.Timestamp(now),
            }),
        };
    }

    /// <summary>Running, Ready and not being deleted.</summary>
    public static bool Healthy(JsonObject pod) =>
        pod["metadata"]?["deletionTimestamp"] is null
        && pod["status"]?["phase"]?.ToString() == "Running"
        && (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.ToString() == "Ready" && c["status"]?.ToString() == "True");

    private static int Scaled(JsonNode value, int total)
    {
        var text = value.ToString();
        if (text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return (int)Math.Ceiling(total * percent / 100.0);
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : 0;
    }
}
