using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PiController.K3sStandIn.Server;

namespace PiController.K3sStandIn.Node;

/// <summary>Every type the stand-in writes or reads as JSON (reflection JSON is off under NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StandInState))]
[JsonSerializable(typeof(BootstrapData))]
[JsonSerializable(typeof(KubernetesVersion))]
internal sealed partial class StandInJson : JsonSerializerContext
{
    /// <summary>As Go's encoding/json writes text: "v1.33.4+k3s1", not "v1.33.4\u002Bk3s1" (the same JSON, easier to read).</summary>
    public static StandInJson Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
