using System.Text.Json.Serialization;
using PiController.K3sStandIn.Server;

namespace PiController.K3sStandIn.Node;

/// <summary>Every type the stand-in writes or reads as JSON (reflection JSON is off under NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StandInState))]
[JsonSerializable(typeof(BootstrapData))]
[JsonSerializable(typeof(KubernetesVersion))]
internal sealed partial class StandInJson : JsonSerializerContext;
