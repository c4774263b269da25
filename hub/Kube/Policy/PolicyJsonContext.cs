using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Kube.Policy;

/// <summary>The policy as stored in cluster_policies: compact, the hub's JSON contract otherwise.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ClusterPolicy))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
