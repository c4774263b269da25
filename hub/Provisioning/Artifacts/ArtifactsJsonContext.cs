using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>K3s artifacts' manifests and bodies, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(K3sArtifactSet))]
[JsonSerializable(typeof(IReadOnlyList<K3sArtifactSet>))]
[JsonSerializable(typeof(K3sFetchRequest))]
internal sealed partial class ArtifactsJsonContext : JsonSerializerContext;
