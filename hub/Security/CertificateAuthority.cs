using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.Protocol.Storage;
using PiController.Protocol.Trust;

namespace PiController.Hub.Security;

/// <summary>
/// The hub's own CA (ECDSA P-256), created on first start, and the server certificate it issues for the hub's
/// TLS port. Certificates are PEM in the data directory; the private keys are sealed with the hub's
/// <see cref="SecretBox"/> (<c>ca.key.enc</c>, <c>server.key.enc</c>, mode 0600) and never written in clear. A
/// plaintext <c>ca.key</c> or <c>server.key</c> left by an older hub is sealed at start, then removed.
/// </summary>
internal sealed class CertificateAuthority
{
    private const string CaKeyName = "ca.key";
    private const string ServerKeyName = "server.key";
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private CertificateAuthority(X509Certificate2 certificate, X509Certificate2 server, string? serverReissued)
    {
        Certificate = certificate;
        ServerCertificate = server;
        ServerReissued = serverReissued;
        Fingerprint = HubTrust.Fingerprint(certificate);
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public X509Certificate2 ServerCertificate { get; }

    /// <summary>Why the server certificate on disk could not be used and a new one was issued at this start, or null.</summary>
    public string? ServerReissued { get; }

    /// <summary>SHA-256 of the CA certificate, the value agents pin.</summary>
    public string Fingerprint { get; }

    public static string CaCertificatePath(string dataDirectory) => Path.Join(dataDirectory, "ca.crt");

    /// <summary>Loads or creates the CA with the data directory's own <c>secret.key</c>.</summary>
    public static CertificateAuthority LoadOrCreate(string dataDirectory, IEnumerable<string> extraNames, TimeProvider time) =>
        LoadOrCreate(dataDirectory, extraNames, time, SecretBox.LoadOrCreate(dataDirectory));

    /// <summary>
    /// Each certificate and its key are replaced as a <see cref="CertificateFilePair"/>, so a crash while they are
    /// written leaves the old pair or the new one; a replacement it interrupted is finished (or undone) here first.
    /// A server certificate that cannot be used with its key for any reason is issued again from the CA.
    /// </summary>
    public static CertificateAuthority LoadOrCreate(string dataDirectory, IEnumerable<string> extraNames, TimeProvider time, SecretBox secrets)
    {
        var caPath = CaCertificatePath(dataDirectory);
        var caKey = new SealedKeyFile(dataDirectory, CaKeyName, secrets);
        var caPair = new CertificateFilePair(caPath, caKey.Path);
        caPair.Recover();
        X509Certificate2 ca;
        if (File.Exists(caPath) && caKey.Exists)
        {
            try
            {
                ca = caKey.Attach(X509Certificate2.CreateFromPem(File.ReadAllText(caPath)), caPath);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"{caPath} cannot be read ({e.Message}); restore it from a backup (a new CA would orphan every enrolled agent)", e);
            }
        }
        else if (File.Exists(caPath) || caKey.Exists)
        {
            throw new InvalidOperationException(
                $"{dataDirectory} holds only one of ca.crt and {Path.GetFileName(caKey.Path)}; restore both from a backup (a new CA would orphan every enrolled agent)");
        }
        else
        {
            ca = CreateCa(time.GetUtcNow());
            Write(caPair, caKey, ca);
        }

        var names = ServerNames(extraNames);
        var serverPath = Path.Join(dataDirectory, "server.crt");
        var serverKey = new SealedKeyFile(dataDirectory, ServerKeyName, secrets);
        var serverPair = new CertificateFilePair(serverPath, serverKey.Path);
        serverPair.Recover();
        X509Certificate2? server = null;
        string? reissued = null;
        if (File.Exists(serverPath) && serverKey.Exists)
        {
            try
            {
                server = serverKey.Attach(X509Certificate2.CreateFromPem(File.ReadAllText(serverPath)), serverPath);
            }
            catch (Exception e) when (e is InvalidOperationException or CryptographicException or IOException)
            {
                // The CA is fine, so nothing is lost by issuing a new server certificate; the hub must not stay down for it.
                reissued = e.Message;
            }
            if (server is not null && !IsCurrent(server, ca, names, time.GetUtcNow()))
            {
                server.Dispose();
                server = null;
            }
        }
        if (server is null)
        {
            server = Issue(ca, names, time.GetUtcNow());
            Write(serverPair, serverKey, server);
        }
        return new CertificateAuthority(ca, server, reissued);
    }

    private static void Write(CertificateFilePair pair, SealedKeyFile keyFile, X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        pair.Replace(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), DurableFile.Public, keyFile.Seal(key), DurableFile.OwnerOnly);
    }

    private static X509Certificate2 CreateCa(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Pi-Controller CA {Environment.MachineName}, O=Pi-Controller", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, IReadOnlySet<string> names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Environment.MachineName}, O=Pi-Controller hub", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(san.Build());
        var notAfter = now.Add(ServerLifetime);
        if (notAfter > ca.NotAfter)
        {
            notAfter = ca.NotAfter;
        }
        using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private static SortedSet<string> ServerNames(IEnumerable<string> extra)
    {
        var host = Dns.GetHostName();
        var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1", host, host + ".local" };
        names.UnionWith(extra.Where(n => n.Length > 0));
        return names;
    }

    /// <summary>Checks the signature, not just the issuer name: a certificate of another CA with the same name is not ours.</summary>
    private static bool IssuedBy(X509Certificate2 server, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    private static bool IsCurrent(X509Certificate2 server, X509Certificate2 ca, IReadOnlySet<string> names, DateTimeOffset now)
    {
        if (server.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore || !IssuedBy(server, ca))
        {
            return false;
        }
        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return false;
        }
        var present = new HashSet<string>(san.EnumerateDnsNames(), StringComparer.OrdinalIgnoreCase);
        present.UnionWith(san.EnumerateIPAddresses().Select(a => a.ToString()));
        return names.All(present.Contains);
    }
}
