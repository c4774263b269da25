using System.Text.Json;
using System.Text.Json.Nodes;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli.Input;

/// <summary>
/// The two shapes a resource document may have, both turned into the hub's (docs/resources.md):
/// <list type="bullet">
/// <item>the hub's: <c>kind</c>, <c>name</c>, <c>labels</c>, <c>node</c>, <c>spec</c>;</item>
/// <item>the Kubernetes custom resource's: <c>apiVersion: hardware.pi-controller.io/v1</c>, <c>kind</c>,
/// <c>metadata: {name, labels}</c>, <c>spec</c> with the node inside it as <c>spec.node</c> (<c>{id}</c>,
/// <c>{selector: "room=porch"}</c> or <c>{selector: {matchLabels: {room: porch}}}</c>). What Kubernetes adds to
/// metadata (uid, resourceVersion, annotations...) and <c>status</c> are ignored, as the hub ignores its own.</item>
/// </list>
/// </summary>
internal static class ManifestShape
{
    public const string ApiVersion = "hardware.pi-controller.io/v1";

    private static readonly string[] IgnoredMetadata =
        ["namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "annotations", "selfLink", "finalizers"];

    public static Manifest ToHub(JsonElement document, string where)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            throw new InputException($"expected a resource document (a mapping with kind, name, node and spec), got {ManifestReader.Describe(document)}");
        }
        var kindText = document.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : null;
        var kind = kindText is null
            ? throw new InputException("the document has no kind; write kind: GPIOPin, PWMController or I2CDevice")
            : ResourceKinds.Parse(kindText) is { } parsed && kindText == parsed.Name() ? parsed
            : throw new InputException($"kind {kindText} is not a pi-controller resource; the kinds are GPIOPin, PWMController and I2CDevice");
        var kubernetes = document.TryGetProperty("apiVersion", out _) || document.TryGetProperty("metadata", out _);
        var hub = kubernetes ? FromKubernetes(document, kind) : (JsonObject)JsonNode.Parse(document.GetRawText())!;
        var name = hub["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s
            : throw new InputException(kubernetes ? "metadata.name is missing" : "the document has no name");
        using var json = JsonDocument.Parse(hub.ToJsonString());
        return new Manifest(where, kind, name, json.RootElement.Clone());
    }

    private static JsonObject FromKubernetes(JsonElement document, ResourceKind kind)
    {
        var apiVersion = document.TryGetProperty("apiVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (apiVersion != ApiVersion)
        {
            throw new InputException(apiVersion is null
                ? $"apiVersion is missing; a {kind.Name()} with metadata is a Kubernetes object: write apiVersion: {ApiVersion}"
                : $"apiVersion is {apiVersion}, but {kind.Name()} is in {ApiVersion}; write apiVersion: {ApiVersion}");
        }
        var hub = new JsonObject { ["kind"] = kind.Name() };
        foreach (var field in document.EnumerateObject())
        {
            switch (field.Name)
            {
                case "apiVersion" or "kind" or "status":
                    break;
                case "metadata":
                    Metadata(field.Value, hub);
                    break;
                case "spec" when field.Value.ValueKind == JsonValueKind.Object:
                    var spec = (JsonObject)JsonNode.Parse(field.Value.GetRawText())!;
                    if (spec["node"] is { } node)
                    {
                        spec.Remove("node");
                        hub["node"] = Node(node);
                    }
                    hub["spec"] = spec;
                    break;
                case "spec":
                    throw new InputException("spec must be a mapping");
                default:
                    throw new InputException($"unknown field {field.Name}; a Kubernetes-shaped document has apiVersion, kind, metadata and spec");
            }
        }
        return hub;
    }

    private static void Metadata(JsonElement metadata, JsonObject hub)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new InputException("metadata must be a mapping with name (and labels)");
        }
        foreach (var field in metadata.EnumerateObject())
        {
            if (field.Name is "name" or "labels")
            {
                hub[field.Name] = JsonNode.Parse(field.Value.GetRawText());
            }
            else if (!IgnoredMetadata.Contains(field.Name))
            {
                throw new InputException($"unknown field metadata.{field.Name}; metadata has name and labels");
            }
        }
    }

    /// <summary>spec.node: {id} or {selector} as in the hub's shape; a selector may also be {matchLabels: {...}}.</summary>
    private static JsonNode Node(JsonNode node)
    {
        if (node is JsonObject o && o["selector"] is JsonObject selector)
        {
            var labels = selector.Count == 1 && selector["matchLabels"] is JsonObject match ? match
                : throw new InputException("spec.node.selector is a text (room=porch) or {matchLabels: {room: porch}}");
            var pairs = labels.Select(p => p.Value is JsonValue value && value.TryGetValue<string>(out var text) ? $"{p.Key}={text}"
                : throw new InputException($"spec.node.selector.matchLabels.{p.Key} must be a text value"));
            return new JsonObject { ["selector"] = string.Join(',', pairs) };
        }
        return node.DeepClone();
    }
}
