using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Adoption;

/// <summary>The adoptions API's bodies and events, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(AdoptRequest))]
[JsonSerializable(typeof(AdoptionView))]
[JsonSerializable(typeof(AdoptionStepPayload))]
[JsonSerializable(typeof(AdoptionChangedPayload))]
internal sealed partial class AdoptionJsonContext : JsonSerializerContext;
