using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PiController.Hub.Agents;

namespace PiController.Hub.Security;

/// <summary>A certificate signing request that cannot be signed; the message says why. A replayed key is forbidden, anything else invalid.</summary>
internal sealed class CertificateRequestException(string message, bool replayed = false)
    : Api.HubException(replayed ? Api.HubErrorKind.Forbidden : Api.HubErrorKind.Invalid, message)
{
    /// <summary>The key was certified before: a replay or a copied key, not a malformed request.</summary>
    public bool Replayed { get; } = replayed;
}

/// <summary>
/// Signs agents' client certificates: short-lived, client-auth only, bound to the node id (CN and SAN URI).
/// Every issued certificate is recorded with the hash of its public key, so a replayed CSR is refused.
/// </summary>
internal sealed class NodeCertificateIssuer(CertificateAuthority ca, NodeCertificateStore certificates, NodeCertificateOptions options, TimeProvider time)
{
    /// <summary>Parses and checks a CSR: valid signature, subject CN = node id, a key the hub accepts.</summary>
    public static CertificateRequest ParseRequest(byte[] der, string nodeId)
    {
        if (NodeIdRules.Check(nodeId) is { } problem)
        {
            throw new CertificateRequestException(problem);
        }
        CertificateRequest request;
        try
        {
            request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException e)
        {
            throw new CertificateRequestException($"the certificate signing request is not valid PKCS#10 with a valid signature: {e.Message}");
        }
        var subject = request.SubjectName.Name;
        if (subject != $"CN={nodeId}")
        {
            throw new CertificateRequestException($"the certificate signing request is for \"{Api.TextRules.Reported(subject, 128)}\", not CN={nodeId}");
        }
        var keyOk = request.PublicKey.GetECDsaPublicKey() is { KeySize: >= 256 } || request.PublicKey.GetRSAPublicKey() is { KeySize: >= 2048 };
        if (!keyOk)
        {
            throw new CertificateRequestException("the key must be ECDSA P-256 or stronger, or RSA 2048 or stronger");
        }
        return request;
    }

    /// <summary>Issues a certificate and records it (<see cref="NodeCertificateStore"/>), inside the current transaction when there is one.</summary>
    public X509Certificate2 Issue(CertificateRequest request, string nodeId)
    {
        var keyHash = NodeIdentityClaims.PublicKeyHash(request.PublicKey);
        certificates.EnsureNewKey(keyHash);

        var now = time.GetUtcNow();
        var notBefore = now.AddMinutes(-5);
        var notAfter = now + options.Lifetime;
        if (notAfter > ca.Certificate.NotAfter)
        {
            notAfter = ca.Certificate.NotAfter;
        }
        var issued = new CertificateRequest(new X500DistinguishedName($"CN={nodeId}"), request.PublicKey, HashAlgorithmName.SHA256);
        issued.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        issued.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        issued.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(NodeIdentityClaims.ClientAuthOid)], true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(NodeIdentityClaims.UriPrefix + nodeId));
        issued.CertificateExtensions.Add(san.Build());
        issued.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca.Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var certificate = issued.Create(ca.Certificate, notBefore, notAfter, serial);

        certificates.Record(certificate, nodeId, keyHash, notBefore, notAfter);
        return certificate;
    }
}
