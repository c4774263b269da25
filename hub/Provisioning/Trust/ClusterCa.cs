using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Trust;

/// <summary>
/// A cluster's certificate authorities, created by the hub before the first server starts, in the topology of K3s's
/// contrib/util/generate-custom-ca-certs.sh (docs.k3s.io, "k3s certificate", Using Custom CA Certificates): a root,
/// an intermediate signed by it, and five CAs signed by the intermediate (server, client, request-header, etcd peer,
/// etcd server), plus the service-account signing key. K3s finds these files under server/tls on its first start and
/// generates none of its own, so the first server already starts with a secure token: the CA hash is known before
/// any node runs (<see cref="Hash"/>: the root's fingerprint, see <see cref="CaBundleHash"/>).
/// <para>
/// Keys: ECDSA P-256 for every CA, as K3s generates its own (the script's root and intermediate are RSA 4096; nothing
/// in K3s requires that); RSA 2048 (PKCS#1) for service.key, as the script writes it. Lifetimes as the script's:
/// root 7300 days, the others 3700. The root and intermediate keys never leave the hub (the script advises moving
/// them off cluster members): with them the hub can renew the five CAs without changing the token's hash.
/// </para>
/// </summary>
internal sealed record ClusterCa(CaKeyPair Root, CaKeyPair Intermediate, IReadOnlyList<(string Name, CaKeyPair Pair)> Leaves, string ServiceKeyPem)
{
    /// <summary>The five CAs K3s requires, by their path under server/tls without the extension.</summary>
    public static readonly IReadOnlyList<string> LeafNames = ["server-ca", "client-ca", "request-header-ca", "etcd/peer-ca", "etcd/server-ca"];

    /// <summary>Where K3s looks for them (the default data directory).</summary>
    public const string TlsDirectory = "/var/lib/rancher/k3s/server/tls";

    private static readonly TimeSpan RootLifetime = TimeSpan.FromDays(7300);
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3700);

    public static ClusterCa Create(DateTimeOffset now)
    {
        var stamp = now.ToUnixTimeSeconds();
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = SelfSigned($"CN=k3s-root-ca@{stamp}", rootKey, now, now + RootLifetime);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = Signed($"CN=k3s-intermediate-ca@{stamp}", intermediateKey, root, rootKey, now, now + CaLifetime);
        var leaves = new List<(string, CaKeyPair)>();
        foreach (var name in LeafNames)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var leaf = Signed($"CN=k3s-{name.Replace('/', '-')}@{stamp}", key, intermediate, intermediateKey, now, now + CaLifetime);
            leaves.Add((name, new CaKeyPair(Pem(leaf), key.ExportECPrivateKeyPem() + "\n")));
        }
        using var service = RSA.Create(2048);
        return new ClusterCa(new CaKeyPair(Pem(root), rootKey.ExportECPrivateKeyPem() + "\n"),
            new CaKeyPair(Pem(intermediate), intermediateKey.ExportECPrivateKeyPem() + "\n"), leaves, service.ExportRSAPrivateKeyPem() + "\n");
    }

    /// <summary>server-ca.crt: what every server serves at /cacerts, and what the token's hash is computed from.</summary>
    public byte[] ServerCaBundle => Encoding.ASCII.GetBytes(Bundle(Leaf("server-ca")));

    /// <summary>The CA hash of every token of this cluster.</summary>
    public string Hash => CaBundleHash.Compute(ServerCaBundle);

    /// <summary>
    /// The eleven files K3s requires under <see cref="TlsDirectory"/> (each CA's chain, leaf first, as the script's
    /// <c>cat leaf intermediate root</c>; each CA's key; service.key), for every server. Keys are 0600 and masked in
    /// a dry-run; certificates are 0644.
    /// </summary>
    public IReadOnlyList<TrustFile> ServerFiles()
    {
        var files = new List<TrustFile>();
        foreach (var (name, pair) in Leaves)
        {
            files.Add(new TrustFile($"{TlsDirectory}/{name}.crt", FileContent.Plain(Bundle(pair)), TrustFile.CertificateMode));
            files.Add(new TrustFile($"{TlsDirectory}/{name}.key", FileContent.Hidden(pair.KeyPem), TrustFile.KeyMode));
        }
        files.Add(new TrustFile($"{TlsDirectory}/service.key", FileContent.Hidden(ServiceKeyPem), TrustFile.KeyMode));
        return files;
    }

    /// <summary>Names the CAs, never a key: a record's generated ToString would print <see cref="ServiceKeyPem"/>.</summary>
    public override string ToString() => $"ClusterCa {{ root, intermediate, {string.Join(", ", Leaves.Select(l => l.Name))}, service key {Secret.Mask} }}";

    private CaKeyPair Leaf(string name) => Leaves.Single(l => l.Name == name).Pair;

    private string Bundle(CaKeyPair leaf) => leaf.CertificatePem + Intermediate.CertificatePem + Root.CertificatePem;

    private static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    private static CertificateRequest Request(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        // The script's v3_ca: CA:true (critical), keyCertSign and digitalSignature (critical), subject key id. Its
        // keyEncipherment is left out: an EC key cannot encipher.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    private static X509Certificate2 SelfSigned(string subject, ECDsa key, DateTimeOffset from, DateTimeOffset to)
    {
        var request = Request(subject, key);
        var ski = request.CertificateExtensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        // authorityKeyIdentifier = keyid:always: K3s's hashCA recognises a root by an authority key id equal to its own.
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        return request.CreateSelfSigned(from, to);
    }

    private static X509Certificate2 Signed(string subject, ECDsa key, X509Certificate2 issuer, ECDsa issuerKey, DateTimeOffset from, DateTimeOffset to)
    {
        var request = Request(subject, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, serial);
    }
}
