using System.Security.Cryptography.X509Certificates;
using PiController.K3sStandIn.Trust;

namespace PiController.K3sStandIn.Server;

/// <summary>What the endpoints of a running server read: its CAs, the passwords it accepts, and its TLS directory.</summary>
internal sealed class ServerContext(ClusterCertificates certificates, ClusterPasswords passwords, string tlsDirectory)
{
    public ClusterCertificates Certificates { get; } = certificates;

    public ClusterPasswords Passwords { get; } = passwords;

    /// <summary>A new client certificate for the kubelet of <paramref name="nodeName"/>: PEM certificate, client CA bundle, key.</summary>
    public string KubeletCertificate(string nodeName)
    {
        using var certificate = Certificates.Kubelet(nodeName, DateTimeOffset.UtcNow);
        return certificate.ExportCertificatePem() + "\n" + System.Text.Encoding.ASCII.GetString(Certificates.ClientCa.Bundle).TrimEnd('\n') + "\n"
            + certificate.GetECDsaPrivateKey()!.ExportECPrivateKeyPem() + "\n";
    }

    public BootstrapData Bootstrap() => new(ClusterCertificates.Names
        .SelectMany(name => new[] { name + ".crt", name + ".key" })
        .ToDictionary(file => file, file => File.ReadAllText(Path.Join(tlsDirectory, file)), StringComparer.Ordinal));
}
