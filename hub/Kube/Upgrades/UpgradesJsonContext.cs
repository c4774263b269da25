using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>The upgrades API's bodies and events, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(UpgradeClusterRequest))]
[JsonSerializable(typeof(RollbackNodeRequest))]
[JsonSerializable(typeof(UpgradeView))]
[JsonSerializable(typeof(UpgradeStepPayload))]
[JsonSerializable(typeof(UpgradeChangedPayload))]
internal sealed partial class UpgradesJsonContext : JsonSerializerContext;
