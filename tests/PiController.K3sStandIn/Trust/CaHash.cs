using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PiController.K3sStandIn.Trust;

/// <summary>
/// The hash in a K3s token, computed from the /cacerts bundle as K3s's hashCA does (pkg/clientaccess/token.go):
/// one certificate hashes as the file's literal bytes; several hash as the DER of the root the first one chains to,
/// the others sorted into roots (no authority key id, or one equal to their subject key id) and intermediates; a
/// chain that does not build falls back to the literal bytes. Written here apart from the hub's own copy, so that a
/// test of the two against each other can fail.
/// </summary>
internal static class CaHash
{
    public static string Of(byte[] bundle)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(Encoding.ASCII.GetString(bundle));
        var hashed = bundle;
        if (certificates.Count > 1)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            foreach (var certificate in certificates.Skip(1))
            {
                var authority = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
                var subject = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes;
                var isRoot = authority is null || (subject is { } s && authority.Value.Span.SequenceEqual(s.Span));
                (isRoot ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(certificate);
            }
            if (chain.Build(certificates[0]))
            {
                hashed = chain.ChainElements[^1].Certificate.RawData;
            }
        }
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
        return Convert.ToHexStringLower(SHA256.HashData(hashed));
    }
}
