using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiController.K3sStandIn.Trust;

/// <summary>
/// The two CAs a stand-in server uses from server/tls: server-ca (it signs the serving certificate on 6443; its file
/// is /cacerts) and client-ca (it signs the admin's client certificate in k3s.yaml). K3s also uses request-header-ca,
/// the etcd CAs and service.key; the stand-in runs none of what needs them, so it neither reads nor creates them.
/// </summary>
internal sealed class ClusterCertificates : IDisposable
{
    public static readonly IReadOnlyList<string> Names = ["server-ca", "client-ca"];

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private ClusterCertificates(CertificateAuthority server, CertificateAuthority client, bool custom) =>
        (ServerCa, ClientCa, FoundOnDisk) = (server, client, custom);

    public CertificateAuthority ServerCa { get; }

    public CertificateAuthority ClientCa { get; }

    /// <summary>True when server-ca.crt was there before the start (placed by the provisioner, or by an earlier start).</summary>
    public bool FoundOnDisk { get; }

    /// <summary>The token hash of this cluster: <see cref="CaHash"/> of server-ca.crt.</summary>
    public string Hash => CaHash.Of(ServerCa.Bundle);

    public static ClusterCertificates LoadOrCreate(string tlsDirectory, DateTimeOffset now)
    {
        var (server, found) = CertificateAuthority.LoadOrCreate(tlsDirectory, "server-ca", now);
        var (client, _) = CertificateAuthority.LoadOrCreate(tlsDirectory, "client-ca", now);
        return new ClusterCertificates(server, client, found);
    }

    /// <summary>
    /// The serving certificate for 6443, with the names K3s puts in its own: localhost, kubernetes and its service
    /// names, the node's name, every address of the host (loopback included), and each tls-san.
    /// </summary>
    public X509Certificate2 Serving(string nodeName, IEnumerable<string> tlsSans, DateTimeOffset now)
    {
        var names = new List<string> { "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", nodeName };
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || !a.IsIPv6LinkLocal)
            .Append(IPAddress.Loopback)
            .ToList();
        foreach (var san in tlsSans)
        {
            if (IPAddress.TryParse(san.Trim('[', ']'), out var address))
            {
                addresses.Add(address);
            }
            else
            {
                names.Add(san);
            }
        }
        return ServerCa.Issue("CN=k3s,O=k3s", [ServerAuth], names.Distinct(StringComparer.OrdinalIgnoreCase), addresses.Distinct(), now);
    }

    /// <summary>The admin's client certificate, as K3s's client-admin.crt: CN=system:admin, O=system:masters.</summary>
    public X509Certificate2 Admin(DateTimeOffset now) => ClientCa.Issue("CN=system:admin,O=system:masters", [ClientAuth], [], [], now);

    /// <summary>A kubelet's client certificate, as K3s's client-kubelet.crt: CN=system:node:NAME, O=system:nodes.</summary>
    public X509Certificate2 Kubelet(string nodeName, DateTimeOffset now) =>
        ClientCa.Issue($"CN=system:node:{nodeName},O=system:nodes", [ClientAuth], [], [], now);

    public void Dispose()
    {
        ServerCa.Dispose();
        ClientCa.Dispose();
    }
}
