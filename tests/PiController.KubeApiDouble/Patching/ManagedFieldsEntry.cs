using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Patching;

/// <summary>One metadata.managedFields entry: who (manager, operation Apply or Update, subresource) owns which fields.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string Time, string? Subresource, HashSet<string> Fields)
{
    public static ManagedFieldsEntry From(JsonNode? entry) => new(
        entry?["manager"]?.ToString() ?? "",
        entry?["operation"]?.ToString() ?? "Update",
        entry?["apiVersion"]?.ToString() ?? "",
        entry?["time"]?.ToString() ?? "",
        entry?["subresource"]?.ToString(),
        FieldPaths.FromFieldsV1(entry?["fieldsV1"] as JsonObject));

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
            ["time"] = Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = FieldPaths.ToFieldsV1(Fields),
        };
        if (Subresource is not null)
        {
            json["subresource"] = Subresource;
        }
        return json;
    }

    public bool SameOwner(string manager, string operation, string? subresource) => Manager == manager && Operation == operation && Subresource == subresource;
}
