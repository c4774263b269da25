using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PiController.Hub.Resources;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// A custom resource's status as JSON (the schema's status in deploy/crds), and the merge patch that turns the status
/// an object has into it: null for a field to drop, nothing at all when the two say the same.
/// </summary>
internal static class ProjectionStatus
{
    public static JsonObject ToJson(ProjectionView view)
    {
        var status = new JsonObject { ["observedGeneration"] = view.ObservedGeneration };
        Add(status, "hubResource", view.HubResource);
        Add(status, "hubNode", view.HubNode);
        Add(status, "desired", view.Desired);
        Add(status, "observed", ProjectionText.Observed(view.Kind, view.Observed));
        if (view.Observed is { } observed)
        {
            status["observedState"] = State(observed);
            if (observed is { ReadingAt: { } at, Values: { Count: > 0 } values })
            {
                status["lastReading"] = new JsonObject
                {
                    ["at"] = Time(at),
                    ["values"] = new JsonArray(ProjectionReadings.Split(values).Select(v => (JsonNode)Value(v.Name, v.Value, v.Unit)).ToArray()),
                };
            }
        }
        if (view.LastEdge is { } edge)
        {
            status["lastEdge"] = new JsonObject { ["edge"] = edge.Edge, ["value"] = edge.Edge == "rising" ? "high" : "low", ["at"] = Time(edge.At) };
        }
        status["conditions"] = new JsonArray(view.Conditions.Select(c => (JsonNode)new JsonObject
        {
            ["type"] = c.Type,
            ["status"] = c.Status,
            ["reason"] = c.Reason,
            ["message"] = c.Message,
            ["lastTransitionTime"] = c.LastTransitionTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        }).ToArray());
        return status;
    }

    /// <summary>The merge patch of /status from <paramref name="current"/> to <paramref name="next"/>; null when they are equal.</summary>
    public static string? Patch(JsonElement current, JsonObject next)
    {
        var now = current.ValueKind == JsonValueKind.Object ? JsonNode.Parse(current.GetRawText())!.AsObject() : [];
        if (JsonNode.DeepEquals(now, next))
        {
            return null;
        }
        var patch = (JsonObject)next.DeepClone();
        foreach (var (name, _) in now)
        {
            if (!patch.ContainsKey(name))
            {
                patch[name] = null;
            }
        }
        return new JsonObject { ["status"] = patch }.ToJsonString();
    }

    private static JsonObject State(ObservedState o)
    {
        var state = new JsonObject();
        Add(state, "bcm", o.Bcm);
        Add(state, "mode", o.Mode);
        Add(state, "pull", o.Pull);
        Add(state, "activeLow", o.ActiveLow);
        Add(state, "edge", o.Edge);
        Add(state, "debounceMs", o.DebounceMs);
        Add(state, "value", o.Value);
        Add(state, "chip", o.Chip);
        Add(state, "channel", o.Channel);
        Add(state, "frequencyHz", o.FrequencyHz);
        Add(state, "dutyPercent", o.DutyPercent);
        Add(state, "bus", o.Bus);
        Add(state, "address", o.Address);
        Add(state, "device", o.Device);
        Add(state, "intervalMs", o.IntervalMs);
        return state;
    }

    private static JsonObject Value(string name, double value, string? unit)
    {
        var o = new JsonObject { ["name"] = name, ["value"] = value };
        Add(o, "unit", unit);
        return o;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Add(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    private static void Add(JsonObject o, string name, long? value)
    {
        if (value is { } v)
        {
            o[name] = v;
        }
    }

    private static void Add(JsonObject o, string name, double? value)
    {
        if (value is { } v)
        {
            o[name] = v;
        }
    }

    private static void Add(JsonObject o, string name, bool? value)
    {
        if (value is { } v)
        {
            o[name] = v;
        }
    }
}
