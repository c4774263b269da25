using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Kube.Membership;

/// <summary>The membership event's payload, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ClusterMembershipPayload))]
internal sealed partial class MembershipJsonContext : JsonSerializerContext;
