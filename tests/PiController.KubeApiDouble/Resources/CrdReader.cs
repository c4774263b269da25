using PiController.KubeApiDouble.Storage;
using System.Text.Json.Nodes;

namespace PiController.KubeApiDouble.Resources;

/// <summary>Reads the resource a CustomResourceDefinition defines: names, scope, served versions, schema, status subresource, printer columns.</summary>
internal static class CrdReader
{
    public static ResourceKind Read(JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var versions = spec["versions"]!.AsArray().Select(v => v!.AsObject()).Where(v => (v["served"] is null || JsonValues.Bool(v["served"]))).ToList();
        // The storage version first, as discovery prefers it.
        versions.Sort((a, b) => (JsonValues.Bool(b?["storage"]) ? 1 : 0) - (JsonValues.Bool(a?["storage"]) ? 1 : 0));
        var schemas = new Dictionary<string, JsonObject>();
        var columns = new Dictionary<string, IReadOnlyList<PrinterColumn>>();
        var hasStatus = false;
        foreach (var version in versions)
        {
            var name = version["name"]!.GetValue<string>();
            if (version["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                schemas[name] = schema;
            }
            hasStatus |= version["subresources"]?["status"] is not null;
            columns[name] = (version["additionalPrinterColumns"] as JsonArray ?? []).Select(c => new PrinterColumn(
                c!["name"]!.GetValue<string>(),
                c["type"]?.GetValue<string>() ?? "string",
                c["jsonPath"]!.GetValue<string>(),
                c["description"]?.GetValue<string>() ?? "",
                (JsonValues.Int(c["priority"]) ?? 0),
                c["format"]?.GetValue<string>() ?? "")).ToList();
        }
        return new ResourceKind(
            spec["group"]!.GetValue<string>(),
            versions.Select(v => v["name"]!.GetValue<string>()).ToList(),
            names["plural"]!.GetValue<string>(),
            names["singular"]?.GetValue<string>() ?? names["kind"]!.GetValue<string>().ToLowerInvariant(),
            names["kind"]!.GetValue<string>(),
            spec["scope"]?.GetValue<string>() != "Cluster",
            (names["shortNames"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList(),
            hasStatus,
            IsCustom: true,
            Schemas: schemas,
            Columns: columns,
            Categories: (names["categories"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList());
    }
}
