using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PiController.KubeApiDouble.Hosting;

/// <summary>
/// The test host's own trust: a self-signed ECDSA P-256 CA, the serving certificate it signs for 127.0.0.1 and
/// localhost, and the admin client certificate (CN=system:admin, O=system:masters) a kubeconfig presents.
/// </summary>
internal sealed class DoubleCertificates : IDisposable
{
    private DoubleCertificates(X509Certificate2 ca, X509Certificate2 serving, X509Certificate2 admin)
    {
        Ca = ca;
        Serving = serving;
        Admin = admin;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Serving { get; }

    public X509Certificate2 Admin { get; }

    public static DoubleCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-api-double-ca", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        var serving = Issue(ca, "CN=kube-apiserver", "1.3.6.1.5.5.7.3.1", names, now);
        var admin = Issue(ca, "CN=system:admin, O=system:masters", "1.3.6.1.5.5.7.3.2", null, now);
        return new DoubleCertificates(ca, serving, admin);
    }

    /// <summary>Whether <paramref name="presented"/> was issued by this CA.</summary>
    public bool Trusts(X509Certificate2 presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    public static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportECPrivateKeyPem() + "\n";

    public static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, string usage, SubjectAlternativeNameBuilder? names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(29), serial);
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Serving.Dispose();
        Admin.Dispose();
    }
}
