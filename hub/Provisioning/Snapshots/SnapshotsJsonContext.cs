using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>The snapshots API's bodies and event, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SaveSnapshotRequest))]
[JsonSerializable(typeof(PruneSnapshotsRequest))]
[JsonSerializable(typeof(SnapshotScheduleRequest))]
[JsonSerializable(typeof(SnapshotsView))]
[JsonSerializable(typeof(SnapshotEventPayload))]
internal sealed partial class SnapshotsJsonContext : JsonSerializerContext;
