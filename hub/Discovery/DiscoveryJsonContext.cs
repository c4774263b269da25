using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Discovery;

/// <summary>Discovery's REST bodies, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(IReadOnlyList<DiscoveredMachineView>))]
[JsonSerializable(typeof(ScanRequest))]
[JsonSerializable(typeof(ScanResultView))]
[JsonSerializable(typeof(Security.ApproveEnrollmentRequest))]
internal sealed partial class DiscoveryJsonContext : JsonSerializerContext;
