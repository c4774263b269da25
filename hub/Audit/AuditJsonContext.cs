using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Audit;

/// <summary>The audit log's REST body, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
