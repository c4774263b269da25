using System.Globalization;
using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Tables;

/// <summary>The columns kubectl shows for the built-in kinds, computed as the API server's printers compute them.</summary>
internal static class BuiltInColumns
{
    public static IReadOnlyList<TableColumn> For(ResourceKind kind) => kind.Plural switch
    {
        "namespaces" => [Column("Status", "string", (o, _) => Text(o, "status", "phase")), Age],
        "nodes" =>
        [
            Column("Status", "string", (o, _) => NodeStatus(o)),
            Column("Roles", "string", (o, _) => NodeRoles(o)),
            Age,
            Column("Version", "string", (o, _) => Text(o, "status", "nodeInfo", "kubeletVersion")),
            Column("Internal-IP", "string", (o, _) => Address(o, "InternalIP"), 1),
            Column("OS-Image", "string", (o, _) => Text(o, "status", "nodeInfo", "osImage"), 1),
            Column("Kernel-Version", "string", (o, _) => Text(o, "status", "nodeInfo", "kernelVersion"), 1),
        ],
        "pods" =>
        [
            Column("Ready", "string", (o, _) => PodReady(o)),
            Column("Status", "string", (o, _) => o["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : Text(o, "status", "reason") ?? Text(o, "status", "phase")),
            Column("Restarts", "integer", (o, _) => (o["status"]?["containerStatuses"] as JsonArray ?? []).Sum(c => (JsonValues.Int(c?["restartCount"]) ?? 0))),
            Age,
            Column("IP", "string", (o, _) => Text(o, "status", "podIP") ?? "<none>", 1),
            Column("Node", "string", (o, _) => Text(o, "spec", "nodeName") ?? "<none>", 1),
        ],
        "events" =>
        [
            Column("Last Seen", "string", (o, now) => Since(Text(o, "lastTimestamp") ?? Text(o, "eventTime") ?? Text(o, "metadata", "creationTimestamp"), now)),
            Column("Type", "string", (o, _) => Text(o, "type")),
            Column("Reason", "string", (o, _) => Text(o, "reason")),
            Column("Object", "string", (o, _) => $"{Text(o, "involvedObject", "kind")?.ToLowerInvariant()}/{Text(o, "involvedObject", "name")}"),
            Column("Message", "string", (o, _) => Text(o, "message")),
        ],
        "poddisruptionbudgets" =>
        [
            Column("Min Available", "string", (o, _) => o["spec"]?["minAvailable"]?.ToString() ?? "N/A"),
            Column("Max Unavailable", "string", (o, _) => o["spec"]?["maxUnavailable"]?.ToString() ?? "N/A"),
            Column("Allowed Disruptions", "integer", (o, _) => (JsonValues.Int(o["status"]?["disruptionsAllowed"]) ?? 0)),
            Age,
        ],
        "leases" => [Column("Holder", "string", (o, _) => Text(o, "spec", "holderIdentity") ?? ""), Age],
        "customresourcedefinitions" => [Column("Created At", "date", (o, _) => Text(o, "metadata", "creationTimestamp"))],
        _ => [Age],
    };

    public static TableColumn Age { get; } = Column("Age", "string", (o, now) => Since(Text(o, "metadata", "creationTimestamp"), now));

    public static string Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var then) ? HumanDuration.Format(now - then) : "<unknown>";

    private static TableColumn Column(string name, string type, Func<JsonObject, DateTimeOffset, JsonNode?> cell, int priority = 0) =>
        new(new PrinterColumn(name, type, "", Priority: priority), cell);

    private static string? Text(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var step in path)
        {
            node = node is JsonObject o ? o[step] : null;
        }
        return node is JsonValue v ? v.ToString() : null;
    }

    private static string NodeStatus(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.ToString() == "Ready")?["status"]?.ToString();
        var status = ready == "True" ? "Ready" : ready is null ? "Unknown" : "NotReady";
        return JsonValues.Bool(node["spec"]?["unschedulable"]) ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(JsonObject node)
    {
        var roles = Meta.Labels(node).Keys.Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
            .Select(k => k["node-role.kubernetes.io/".Length..]).Where(r => r.Length > 0).Order(StringComparer.Ordinal).ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(JsonObject node, string type) =>
        (node["status"]?["addresses"] as JsonArray ?? []).FirstOrDefault(a => a?["type"]?.ToString() == type)?["address"]?.ToString() ?? "<none>";

    private static string PodReady(JsonObject pod)
    {
        var total = (pod["spec"]?["containers"] as JsonArray ?? []).Count;
        var ready = (pod["status"]?["containerStatuses"] as JsonArray ?? []).Count(c => JsonValues.Bool(c?["ready"]));
        return $"{ready}/{total}";
    }
}
