using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Api;

/// <summary>
/// The JSON every feature shares (problem details, free-form JSON, string maps), with the hub's one JSON contract:
/// web defaults, indented, nulls written, unknown fields refused. Every feature owns a context for its own bodies
/// with these same options, chained at start (<see cref="HubJsonExtensions.AddHubJson"/>); no context here names a feature's type.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
