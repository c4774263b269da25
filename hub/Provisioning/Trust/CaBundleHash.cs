using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PiController.Hub.Provisioning.Trust;

/// <summary>
/// The CA hash of a K3s token, computed from the bundle a server serves at <c>/cacerts</c> (its
/// server/tls/server-ca.crt, byte for byte) exactly as K3s computes it (pkg/clientaccess/token.go, hashCA): a bundle
/// of one certificate hashes as its literal bytes (the PEM file: K3s's self-signed CA); a bundle of several hashes as
/// the DER of the root that the first certificate chains to, the others being its roots (no authority key id, or
/// one equal to their subject key id) and intermediates. So a custom CA set like <see cref="ClusterCa"/>'s
/// (server CA, intermediate, root) hashes as the root's SHA-256 fingerprint, and renewing the CAs below the root
/// keeps every issued token valid. When the chain does not build, K3s falls back to the literal bytes; so does this.
/// </summary>
internal static class CaBundleHash
{
    public static string Compute(byte[] bundle)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(Encoding.ASCII.GetString(bundle));
        try
        {
            if (certificates.Count > 1 && RootOf(certificates) is { } root)
            {
                return Convert.ToHexStringLower(SHA256.HashData(root));
            }
            return Convert.ToHexStringLower(SHA256.HashData(bundle));
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static byte[]? RootOf(X509Certificate2Collection certificates)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var certificate in certificates.Skip(1))
        {
            (IsRoot(certificate) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(certificate);
        }
        return chain.Build(certificates[0]) ? chain.ChainElements[^1].Certificate.RawData : null;
    }

    private static bool IsRoot(X509Certificate2 certificate)
    {
        var authority = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        var subject = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes;
        return authority is null || (subject is { } s && authority.Value.Span.SequenceEqual(s.Span));
    }
}
