using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PiController.Hub.Security;

/// <summary>
/// The TLS-level check of a client certificate: issued by this hub's CA, for client authentication, and within
/// its validity at the hub's time. Clients without a certificate (API callers) pass through; whether a node's
/// certificate is still valid (revocation) is checked by the agent link before it says Welcome.
/// </summary>
internal sealed class ClientCertificateValidator(CertificateAuthority ca, TimeProvider time)
{
    public bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(ca.Certificate);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        verify.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        verify.ChainPolicy.VerificationTimeIgnored = false;
        verify.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(NodeIdentityClaims.ClientAuthOid));
        _ = chain;
        _ = errors;
        return verify.Build(certificate);
    }
}
