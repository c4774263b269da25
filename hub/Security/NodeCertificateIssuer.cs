using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using PiController.Hub.Hosting;
using PiController.Hub.Nodes;

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
internal sealed class NodeCertificateIssuer(CertificateAuthority ca, HubOptions options, TimeProvider time)
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

    /// <summary>Refuses a key that was certified before: a replayed CSR, or a key copied from another node.</summary>
    public static void EnsureNewKey(string keyHash, SqliteConnection connection, SqliteTransaction transaction)
    {
        using var seen = connection.CreateCommand();
        seen.Transaction = transaction;
        seen.CommandText = "SELECT node_id FROM node_certificates WHERE public_key_sha256 = $k";
        seen.Parameters.AddWithValue("$k", keyHash);
        if (seen.ExecuteScalar() is string owner)
        {
            throw new CertificateRequestException(
                $"this key was already certified (for node {owner}); a replayed request is refused and the agent must make a new key",
                replayed: true);
        }
    }

    /// <summary>Issues and records a certificate inside the caller's transaction.</summary>
    public X509Certificate2 Issue(CertificateRequest request, string nodeId, SqliteConnection connection, SqliteTransaction transaction)
    {
        var keyHash = NodeIdentityClaims.PublicKeyHash(request.PublicKey);
        EnsureNewKey(keyHash, connection, transaction);

        var now = time.GetUtcNow();
        var notBefore = now.AddMinutes(-5);
        var notAfter = now + options.NodeCertificateLifetime;
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

        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = """
            INSERT INTO node_certificates (serial, node_id, public_key_sha256, not_before, not_after, issued_at)
            VALUES ($s, $n, $k, $nb, $na, $now)
            """;
        record.Parameters.AddWithValue("$s", certificate.SerialNumber);
        record.Parameters.AddWithValue("$n", nodeId);
        record.Parameters.AddWithValue("$k", keyHash);
        record.Parameters.AddWithValue("$nb", notBefore.ToUnixTimeMilliseconds());
        record.Parameters.AddWithValue("$na", notAfter.ToUnixTimeMilliseconds());
        record.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        record.ExecuteNonQuery();
        return certificate;
    }
}
