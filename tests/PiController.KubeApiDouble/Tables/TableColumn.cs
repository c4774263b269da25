using System.Text.Json.Nodes;
using PiController.KubeApiDouble.Resources;

namespace PiController.KubeApiDouble.Tables;

/// <summary>A column of a Table: its definition and how a row's cell is computed from the object.</summary>
internal sealed record TableColumn(PrinterColumn Definition, Func<JsonObject, DateTimeOffset, JsonNode?> Cell);
