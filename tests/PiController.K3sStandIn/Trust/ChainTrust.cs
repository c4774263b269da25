using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PiController.K3sStandIn.Trust;

/// <summary>
/// Whether a certificate chains to a CA bundle (PEM: the CA, then any certificates above it): a self-signed one is a
/// root, the others intermediates. Used for the server a node joins (its serving certificate against /cacerts) and
/// for clients of the API (their certificate against client-ca).
/// </summary>
internal static class ChainTrust
{
    public static bool Chains(byte[] caBundle, X509Certificate certificate)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(Encoding.ASCII.GetString(caBundle));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var ca in bundle)
        {
            (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(ca);
        }
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var valid = chain.Build(presented);
        foreach (var ca in bundle)
        {
            ca.Dispose();
        }
        return valid;
    }

    /// <summary>A TLS callback that accepts a server only when its certificate names the host reached and chains to <paramref name="caBundle"/>.</summary>
    public static RemoteCertificateValidationCallback ForServer(byte[] caBundle) => (_, certificate, _, errors) =>
        certificate is not null
        && !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
        && !errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)
        && Chains(caBundle, certificate);
}
