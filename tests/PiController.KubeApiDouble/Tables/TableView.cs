using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Http;
using PiController.KubeApiDouble.Resources;
using PiController.KubeApiDouble.Storage;

namespace PiController.KubeApiDouble.Tables;

/// <summary>
/// A meta.k8s.io/v1 Table, what kubectl get asks for (Accept: application/json;as=Table;v=v1;g=meta.k8s.io): Name,
/// then a custom resource's additionalPrinterColumns (Age when it has none) or a built-in kind's columns; each row
/// with its object as PartialObjectMetadata (or whole with includeObject=Object, none with includeObject=None).
/// </summary>
internal static class TableView
{
    public static JsonObject Build(ApiRequest r, IReadOnlyList<JsonObject> objects, string resourceVersion)
    {
        var columns = Columns(r.Kind, r.Version);
        var now = r.Store.Time.GetUtcNow();
        var include = r.Query("includeObject") ?? "Metadata";
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray(Meta.Name(obj));
            foreach (var column in columns)
            {
                cells.Add(column.Cell(obj, now));
            }
            var row = new JsonObject { ["cells"] = cells };
            if (include == "Object")
            {
                row["object"] = ResourceHandler.Present(r, obj);
            }
            else if (include != "None")
            {
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                };
            }
            rows.Add((JsonNode)row);
        }
        var definitions = new JsonArray(Definition(new PrinterColumn("Name", "string", "", "Name must be unique within a namespace.", 0, "name")));
        foreach (var column in columns)
        {
            definitions.Add((JsonNode)Definition(column.Definition));
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static IReadOnlyList<TableColumn> Columns(ResourceKind kind, string version)
    {
        if (!kind.IsCustom)
        {
            return BuiltInColumns.For(kind);
        }
        var printer = kind.PrinterColumns(version);
        if (printer is null || printer.Count == 0)
        {
            return [BuiltInColumns.Age];
        }
        return printer.Select(c => new TableColumn(c with { Type = c.Type == "date" ? "string" : c.Type }, (obj, now) => Cell(c, obj, now))).ToList();
    }

    private static JsonNode? Cell(PrinterColumn column, JsonObject obj, DateTimeOffset now)
    {
        var value = SimpleJsonPath.Evaluate(obj, column.JsonPath);
        if (value is null)
        {
            return null;
        }
        return column.Type == "date" ? BuiltInColumns.Since(value.ToString(), now) : value.DeepClone();
    }

    private static JsonObject Definition(PrinterColumn column) => new()
    {
        ["name"] = column.Name,
        ["type"] = column.Type,
        ["format"] = column.Format,
        ["description"] = column.Description,
        ["priority"] = column.Priority,
    };
}
