using System.Text.Json;
using System.Text.Json.Serialization;
using PiController.Hub.Kube.Membership;
using PiController.Hub.Kube.Placement;
using PiController.Hub.Kube.Policy;

namespace PiController.Hub.Kube.Nodes;

/// <summary>The bodies of /api/v1/clusters/{name}/policy, /membership and /placement, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ClusterPolicyView))]
[JsonSerializable(typeof(UpdateClusterPolicyRequest))]
[JsonSerializable(typeof(MembershipView))]
[JsonSerializable(typeof(PlacementView))]
internal sealed partial class ClusterNodesJsonContext : JsonSerializerContext;
