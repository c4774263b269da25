using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Nodes;

/// <summary>Nodes' REST bodies, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(NodeView))]
[JsonSerializable(typeof(IReadOnlyList<NodeView>))]
[JsonSerializable(typeof(PingRequest))]
[JsonSerializable(typeof(PingResult))]
[JsonSerializable(typeof(NodeLabelsView))]
[JsonSerializable(typeof(NodeLabelsChange))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<EnrollmentRequestView>))]
[JsonSerializable(typeof(Security.ApproveEnrollmentRequest))]
internal sealed partial class NodesJsonContext : JsonSerializerContext;
