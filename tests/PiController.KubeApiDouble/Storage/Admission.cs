using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;

namespace PiController.KubeApiDouble.Storage;

/// <summary>
/// What the API server itself sets on a new object of a few kinds: a Namespace's phase and its
/// kubernetes.io/metadata.name label, a Secret's default type Opaque, a CRD's accepted names and its Established condition (at once: the double
/// has no name conflicts to wait for).
/// </summary>
internal static class Admission
{
    public static void OnCreate(ResourceKind kind, JsonObject obj)
    {
        if (kind == BuiltInKinds.Namespaces)
        {
            var meta = Meta.Of(obj);
            var labels = meta["labels"] as JsonObject ?? (JsonObject)(meta["labels"] = new JsonObject());
            labels["kubernetes.io/metadata.name"] = Meta.Name(obj);
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (kind == BuiltInKinds.Secrets && obj["type"] is null)
        {
            obj["type"] = "Opaque";
        }
        else if (kind == BuiltInKinds.CustomResourceDefinitions)
        {
            Establish(obj, Meta.Text(obj, "creationTimestamp") ?? "");
        }
    }

    public static void Establish(JsonObject crd, string time)
    {
        var spec = crd["spec"]!.AsObject();
        var storage = (spec["versions"] as JsonArray ?? []).FirstOrDefault(v => JsonValues.Bool(v?["storage"]))?["name"]?.ToString();
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = spec["names"]?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", time),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", time)),
            ["storedVersions"] = new JsonArray(storage is null ? [] : [(JsonNode)storage]),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string time) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = time,
        ["reason"] = reason,
        ["message"] = message,
    };
}
