using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiController.K3sStandIn.Trust;

/// <summary>
/// One CA of the cluster as K3s keeps it under server/tls: NAME.crt (the CA certificate, followed by the chain above
/// it when the CA is a custom one: "cat leaf intermediate root") and NAME.key. The stand-in uses the files it finds,
/// as K3s does with custom CA files, and otherwise creates a self-signed ECDSA P-256 CA named as K3s names its own
/// (CN=k3s-NAME@UNIXTIME).
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private CertificateAuthority(X509Certificate2 certificate, X509Certificate2Collection above, byte[] bundle)
    {
        Certificate = certificate;
        Above = above;
        Bundle = bundle;
    }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificates above it in its file (intermediate, root), sent with every certificate it issues.</summary>
    public X509Certificate2Collection Above { get; }

    /// <summary>NAME.crt byte for byte: what /cacerts serves for server-ca, and what a token's hash is computed from.</summary>
    public byte[] Bundle { get; }

    /// <summary>Loads NAME.crt and NAME.key from <paramref name="directory"/>, creating both first when NAME.crt is absent.</summary>
    /// <returns>The CA, and whether its files were there before (custom or earlier) or made now.</returns>
    public static (CertificateAuthority Ca, bool Found) LoadOrCreate(string directory, string name, DateTimeOffset now)
    {
        var crt = Path.Join(directory, name + ".crt");
        var key = Path.Join(directory, name + ".key");
        var found = File.Exists(crt);
        if (!found)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN=k3s-{name}@{now.ToUnixTimeSeconds()}", ecdsa, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
            HostPaths.Write(key, ecdsa.ExportECPrivateKeyPem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            HostPaths.Write(crt, created.ExportCertificatePem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        var bundle = File.ReadAllBytes(crt);
        var all = new X509Certificate2Collection();
        all.ImportFromPem(System.Text.Encoding.ASCII.GetString(bundle));
        if (all.Count == 0)
        {
            throw new InvalidDataException($"{crt} holds no PEM certificate; replace it with the CA's certificate or remove it (and {name}.key) to have one generated");
        }
        var withKey = X509Certificate2.CreateFromPem(all[0].ExportCertificatePem(), File.ReadAllText(key));
        var above = new X509Certificate2Collection();
        foreach (var certificate in all.Skip(1))
        {
            above.Add(certificate);
        }
        all[0].Dispose();
        return (new CertificateAuthority(withKey, above, bundle), found);
    }

    /// <summary>A certificate signed by this CA for an ECDSA P-256 key of its own, with the usages and names given.</summary>
    public X509Certificate2 Issue(string subject, OidCollection usages, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var names = new SubjectAlternativeNameBuilder();
        var any = false;
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
            any = true;
        }
        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
            any = true;
        }
        if (any)
        {
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var notAfter = now.AddYears(1) < Certificate.NotAfter ? now.AddYears(1) : new DateTimeOffset(Certificate.NotAfter);
        var notBefore = now.AddMinutes(-5) > Certificate.NotBefore ? now.AddMinutes(-5) : new DateTimeOffset(Certificate.NotBefore);
        using var issued = request.Create(Certificate, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in Above)
        {
            certificate.Dispose();
        }
    }
}
