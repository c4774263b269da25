using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Hosting;

/// <summary>The version document, source-generated with the hub's JSON contract.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(HubVersionView))]
internal sealed partial class VersionJsonContext : JsonSerializerContext;
