using PiController.K3sStandIn.Trust;

namespace PiController.K3sStandIn.Server;

/// <summary>What the endpoints of a running server read: its CAs, the passwords it accepts, and its TLS directory.</summary>
internal sealed class ServerContext(ClusterCertificates certificates, ClusterPasswords passwords, string tlsDirectory)
{
    public ClusterCertificates Certificates { get; } = certificates;

    public ClusterPasswords Passwords { get; } = passwords;

    public BootstrapData Bootstrap() => new(ClusterCertificates.Names
        .SelectMany(name => new[] { name + ".crt", name + ".key" })
        .ToDictionary(file => file, file => File.ReadAllText(Path.Join(tlsDirectory, file)), StringComparer.Ordinal));
}
