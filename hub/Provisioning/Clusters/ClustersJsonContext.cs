using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>The clusters API's bodies and events, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CreateClusterRequest))]
[JsonSerializable(typeof(AddClusterNodesRequest))]
[JsonSerializable(typeof(ResumeClusterRequest))]
[JsonSerializable(typeof(ClusterView))]
[JsonSerializable(typeof(IReadOnlyList<ClusterView>))]
[JsonSerializable(typeof(ClusterPlanView))]
[JsonSerializable(typeof(KubeconfigView))]
[JsonSerializable(typeof(ClusterStepPayload))]
[JsonSerializable(typeof(ClusterChangedPayload))]
internal sealed partial class ClustersJsonContext : JsonSerializerContext;
