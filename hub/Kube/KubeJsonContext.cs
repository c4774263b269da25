using System.Text.Json;
using System.Text.Json.Serialization;
using PiController.Hub.Kube.Import;
using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Kube;

/// <summary>The Kube layer's API bodies, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ImportClusterRequest))]
[JsonSerializable(typeof(ImportedClusterView))]
[JsonSerializable(typeof(ClusterManagerStatus))]
internal sealed partial class KubeJsonContext : JsonSerializerContext;
