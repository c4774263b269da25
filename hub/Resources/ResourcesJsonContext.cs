using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Resources;

/// <summary>Resources' documents, specs and statuses, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ResourceStatus))]
[JsonSerializable(typeof(GpioSpec))]
[JsonSerializable(typeof(PwmSpec))]
[JsonSerializable(typeof(I2cSpec))]
[JsonSerializable(typeof(ResourceDocument<GpioSpec>))]
[JsonSerializable(typeof(ResourceDocument<PwmSpec>))]
[JsonSerializable(typeof(ResourceDocument<I2cSpec>))]
[JsonSerializable(typeof(List<ResourceDocument<GpioSpec>>))]
[JsonSerializable(typeof(List<ResourceDocument<PwmSpec>>))]
[JsonSerializable(typeof(List<ResourceDocument<I2cSpec>>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class ResourcesJsonContext : JsonSerializerContext;
