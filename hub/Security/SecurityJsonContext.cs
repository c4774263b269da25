using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Security;

/// <summary>Security's REST bodies (join and API tokens), source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(JoinTokenCreateRequest))]
[JsonSerializable(typeof(JoinTokenCreated))]
[JsonSerializable(typeof(IReadOnlyList<JoinTokenView>))]
[JsonSerializable(typeof(ApiTokenCreateRequest))]
[JsonSerializable(typeof(ApiTokenCreated))]
[JsonSerializable(typeof(IReadOnlyList<ApiTokenView>))]
internal sealed partial class SecurityJsonContext : JsonSerializerContext;
