using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>SSH targets' answers and bodies, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SshTarget))]
[JsonSerializable(typeof(IReadOnlyList<SshTarget>))]
[JsonSerializable(typeof(SshTargetCreateRequest))]
[JsonSerializable(typeof(SshAcceptKeyRequest))]
[JsonSerializable(typeof(SshCheckResult))]
internal sealed partial class SshJsonContext : JsonSerializerContext;
