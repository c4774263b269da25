using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;

namespace PiController.KubeApiDouble.Http;

/// <summary>
/// OpenAPI v3 as far as kubectl reads it: the /openapi/v3 index of group-versions, and per group-version the paths
/// of each resource with the PATCH operation's x-kubernetes-group-version-kind and its query parameters (kubectl
/// sends fieldValidation=Strict only where the PATCH operation lists it, and validates on the client otherwise), plus
/// each custom resource's schema under components. Built-in kinds carry no schema here.
/// </summary>
internal static class OpenApi
{
    private static readonly string[] PatchParameters = ["dryRun", "fieldManager", "fieldValidation", "force"];

    public static JsonObject Index(KindRegistry kinds)
    {
        var paths = new JsonObject { ["api/v1"] = Entry("api/v1", kinds) };
        foreach (var (group, versions) in kinds.Groups())
        {
            foreach (var version in versions)
            {
                paths[$"apis/{group}/{version}"] = Entry($"apis/{group}/{version}", kinds);
            }
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group-version, or null when nothing is served there.</summary>
    public static JsonObject? GroupVersion(KindRegistry kinds, string group, string version, string gitVersion)
    {
        var served = kinds.All.Where(k => k.Group == group && k.Serves(version)).ToList();
        if (served.Count == 0)
        {
            return null;
        }
        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var kind in served)
        {
            var prefix = group.Length == 0 ? "/api/v1" : $"/apis/{group}/{version}";
            var item = kind.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{kind.Plural}/{{name}}" : $"{prefix}/{kind.Plural}/{{name}}";
            paths[item] = new JsonObject
            {
                ["get"] = Operation(kind, version, "get", []),
                ["put"] = Operation(kind, version, "put", ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation(kind, version, "patch", PatchParameters),
                ["delete"] = Operation(kind, version, "delete", ["dryRun"]),
            };
            if (kind.Schema(version) is { } schema)
            {
                var documented = schema.DeepClone().AsObject();
                documented["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(kind, version));
                schemas[SchemaName(kind, version)] = documented;
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = gitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Entry(string path, KindRegistry kinds) =>
        new() { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(kinds)}" };

    /// <summary>Changes whenever the served CRDs change, so kubectl's cache of a document is replaced.</summary>
    private static string Hash(KindRegistry kinds) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join(";", kinds.Custom.Select(k => k.Key + string.Join(",", k.Versions) + (k.Schemas is null ? "" : string.Join(",", k.Schemas.Values.Select(s => s.ToJsonString())))))))).Substring(0, 16);

    private static JsonObject Operation(ResourceKind kind, string version, string action, string[] parameters) => new()
    {
        ["x-kubernetes-action"] = action,
        ["x-kubernetes-group-version-kind"] = Gvk(kind, version),
        ["parameters"] = new JsonArray(parameters.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p,
            ["in"] = "query",
            ["schema"] = new JsonObject { ["type"] = p == "force" ? "boolean" : "string" },
        }).ToArray()),
    };

    private static JsonObject Gvk(ResourceKind kind, string version) => new() { ["group"] = kind.Group, ["version"] = version, ["kind"] = kind.Kind };

    private static string SchemaName(ResourceKind kind, string version) =>
        string.Join(".", kind.Group.Split('.').Reverse()) + "." + version + "." + kind.Kind;
}
