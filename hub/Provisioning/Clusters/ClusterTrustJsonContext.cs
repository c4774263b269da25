using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// The JSON the cluster store keeps: a cluster's settings, and its CAs and passwords before they are sealed
/// (<see cref="ClusterVault"/>). Not an API context: nothing here is ever sent.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ClusterConfig))]
[JsonSerializable(typeof(SealedTrust))]
internal sealed partial class ClusterTrustJsonContext : JsonSerializerContext;

/// <summary>A cluster's CAs and passwords as one JSON document, only ever held sealed.</summary>
internal sealed record SealedTrust(string RootCertificate, string RootKey, string IntermediateCertificate, string IntermediateKey,
    IReadOnlyList<SealedLeaf> Leaves, string ServiceKey, string ServerSecret, string AgentSecret)
{
    public override string ToString() => "SealedTrust { ******** }";
}

/// <summary>One of the five CAs K3s requires.</summary>
internal sealed record SealedLeaf(string Name, string Certificate, string Key)
{
    public override string ToString() => $"SealedLeaf {{ {Name}, ******** }}";
}
