using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// The legacy (unaggregated) discovery documents: APIVersions at /api, APIGroupList at /apis, APIGroup at
/// /apis/GROUP, APIResourceList at /api/v1 and /apis/GROUP/VERSION. kubectl asks for the aggregated form first and
/// reads these when the answer is plain application/json.
/// </summary>
internal static class Discovery
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Versions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(KindRegistry kinds) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(kinds.Groups().Select(g => (JsonNode)Group(g.Group, g.Versions)).ToArray()),
    };

    public static JsonObject Group(string group, IReadOnlyList<string> versions) => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = group,
        ["versions"] = new JsonArray(versions.Select(v => (JsonNode)GroupVersion(group, v)).ToArray()),
        ["preferredVersion"] = GroupVersion(group, versions[0]),
    };

    public static JsonObject Resources(KindRegistry kinds, string group, string version)
    {
        var resources = new JsonArray();
        foreach (var kind in kinds.All.Where(k => k.Group == group && k.Serves(version)))
        {
            var resource = new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = Verbs(AllVerbs),
            };
            if (kind.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray(kind.ShortNames.Select(n => (JsonNode)n).ToArray());
            }
            if (kind.Categories is { Count: > 0 } categories)
            {
                resource["categories"] = new JsonArray(categories.Select(n => (JsonNode)n).ToArray());
            }
            resources.Add((JsonNode)resource);
            if (kind.HasStatus)
            {
                resources.Add((JsonNode)Subresource(kind.Plural + "/status", kind.Kind, kind.Namespaced, ["get", "patch", "update"]));
            }
            if (kind == BuiltInKinds.Pods)
            {
                var eviction = Subresource("pods/eviction", "Eviction", true, ["create"]);
                eviction["group"] = "policy";
                eviction["version"] = "v1";
                resources.Add((JsonNode)eviction);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(string name, string kind, bool namespaced, string[] verbs) => new()
    {
        ["name"] = name,
        ["singularName"] = "",
        ["namespaced"] = namespaced,
        ["kind"] = kind,
        ["verbs"] = Verbs(verbs),
    };

    private static JsonArray Verbs(string[] verbs) => new(verbs.Select(v => (JsonNode)v).ToArray());

    private static JsonObject GroupVersion(string group, string version) => new() { ["groupVersion"] = group + "/" + version, ["version"] = version };
}
