using System.Text.Json;
using PiController.Hub.Api;
using PiController.Hub.Provisioning.Trust;
using PiController.Hub.Security;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Seals a cluster's CAs, passwords and kubeconfig with the hub's <see cref="SecretBox"/>, as the hub's CA key is
/// sealed, each for a purpose that names the cluster (<c>k3s-cluster-trust:NAME</c>, <c>k3s-kubeconfig:NAME</c>):
/// a sealed value copied to another cluster's row does not open.
/// </summary>
internal sealed class ClusterVault(SecretBox box)
{
    public static string TrustPurpose(string cluster) => "k3s-cluster-trust:" + cluster;

    public static string KubeconfigPurpose(string cluster) => "k3s-kubeconfig:" + cluster;

    public string SealTrust(string cluster, ClusterCa ca, ClusterSecrets secrets)
    {
        var trust = new SealedTrust(ca.Root.CertificatePem, ca.Root.KeyPem, ca.Intermediate.CertificatePem, ca.Intermediate.KeyPem,
            [.. ca.Leaves.Select(l => new SealedLeaf(l.Name, l.Pair.CertificatePem, l.Pair.KeyPem))], ca.ServiceKeyPem,
            secrets.Server.Reveal(), secrets.Agent.Reveal());
        return box.SealString(JsonSerializer.Serialize(trust, ClusterTrustJsonContext.Default.SealedTrust), TrustPurpose(cluster));
    }

    public (ClusterCa Ca, ClusterSecrets Secrets) OpenTrust(string cluster, string sealedTrust)
    {
        try
        {
            var trust = JsonSerializer.Deserialize(box.OpenString(sealedTrust, TrustPurpose(cluster)), ClusterTrustJsonContext.Default.SealedTrust)
                ?? throw new SecretBoxException("the sealed cluster trust is empty");
            var ca = new ClusterCa(new CaKeyPair(trust.RootCertificate, trust.RootKey), new CaKeyPair(trust.IntermediateCertificate, trust.IntermediateKey),
                [.. trust.Leaves.Select(l => (l.Name, new CaKeyPair(l.Certificate, l.Key)))], trust.ServiceKey);
            return (ca, new ClusterSecrets(Secret.FromStored(trust.ServerSecret), Secret.FromStored(trust.AgentSecret)));
        }
        catch (Exception e) when (e is SecretBoxException or JsonException or ArgumentException)
        {
            throw new HubException(HubErrorKind.Failed, $"the secrets of cluster {cluster} cannot be opened ({e.Message}); restore the hub's data directory from a backup");
        }
    }

    public string SealKubeconfig(string cluster, string kubeconfig) => box.SealString(kubeconfig, KubeconfigPurpose(cluster));

    public string OpenKubeconfig(string cluster, string sealedKubeconfig)
    {
        try
        {
            return box.OpenString(sealedKubeconfig, KubeconfigPurpose(cluster));
        }
        catch (SecretBoxException e)
        {
            throw new HubException(HubErrorKind.Failed, $"the kubeconfig of cluster {cluster} cannot be opened ({e.Message}); restore the hub's data directory from a backup");
        }
    }
}
