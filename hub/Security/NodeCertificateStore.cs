using System.Security.Cryptography.X509Certificates;
using PiController.Hub.State;

namespace PiController.Hub.Security;

/// <summary>A node certificate the agent link does not accept; the message says why and what to do.</summary>
internal sealed class NodeCertificateRefusedException(string message) : Api.HubException(Api.HubErrorKind.Unauthenticated, message);

/// <summary>
/// The node certificates the hub issued (table node_certificates, written only here): which are valid, revocation,
/// and the keys already certified. Invariants: a node that is revoked or removed has no valid certificate; once a
/// renewed certificate is used, the ones issued to that node before it are revoked. Each method runs inside the
/// current <see cref="HubTransaction"/> when there is one.
/// </summary>
internal sealed class NodeCertificateStore(HubDatabase database, TimeProvider time)
{
    /// <summary>Returns the node id a presented client certificate stands for, or throws with the reason it is refused.</summary>
    public string Authorize(X509Certificate2 certificate) => Check(certificate);

    /// <summary>
    /// The check made when a stream is attached, in the transaction that records the Hello, so a revocation or
    /// removal is either seen here or comes after: <see cref="Authorize"/>; then, since the agent now uses this
    /// certificate, the node's certificates issued before it are revoked (the one a renewal replaced). Returns the node id.
    /// </summary>
    public string Admit(X509Certificate2 certificate)
    {
        using var transaction = database.Begin();
        var nodeId = Check(certificate);
        // rowid orders issuance; issued_at can tie within a millisecond.
        database.Execute("""
            UPDATE node_certificates SET revoked_at = $now
            WHERE node_id = $id AND revoked_at IS NULL AND rowid < (SELECT rowid FROM node_certificates WHERE serial = $s)
            """, ("$id", nodeId), ("$s", certificate.SerialNumber), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
        transaction.Commit();
        return nodeId;
    }

    /// <summary>Throws when the certificate may not renew itself (revoked, or its node revoked or removed).</summary>
    public void EnsureMayRenew(X509Certificate2 certificate) => Check(certificate);

    /// <summary>Refuses a key that was certified before: a replayed CSR, or a key copied from another node.</summary>
    public void EnsureNewKey(string keyHash)
    {
        if (database.Scalar("SELECT node_id FROM node_certificates WHERE public_key_sha256 = $k", ("$k", keyHash)) is string owner)
        {
            throw new CertificateRequestException(
                $"this key was already certified (for node {owner}); a replayed request is refused and the agent must make a new key",
                replayed: true);
        }
    }

    /// <summary>Records a certificate just issued.</summary>
    public void Record(X509Certificate2 certificate, string nodeId, string keyHash, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        database.Execute("""
            INSERT INTO node_certificates (serial, node_id, public_key_sha256, not_before, not_after, issued_at)
            VALUES ($s, $n, $k, $nb, $na, $now)
            """, ("$s", certificate.SerialNumber), ("$n", nodeId), ("$k", keyHash), ("$nb", notBefore.ToUnixTimeMilliseconds()),
            ("$na", notAfter.ToUnixTimeMilliseconds()), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>Whether any certificate was ever issued to the node.</summary>
    public bool IssuedTo(string nodeId) =>
        database.Long("SELECT COUNT(*) FROM node_certificates WHERE node_id = $id", ("$id", nodeId)) > 0;

    /// <summary>Revokes every valid certificate of the node; returns how many.</summary>
    public int RevokeAll(string nodeId) =>
        database.Execute("UPDATE node_certificates SET revoked_at = $now WHERE node_id = $id AND revoked_at IS NULL",
            ("$id", nodeId), ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()));

    private string Check(X509Certificate2 certificate)
    {
        var nodeId = NodeIdentityClaims.NodeId(certificate)
            ?? throw new NodeCertificateRefusedException("the client certificate names no node (it was not issued by enrollment)");
        // The node's own state (revoked, removed) is read from its record: nodes is Nodes' table, read here only.
        var rows = database.Query("""
            SELECT c.node_id, c.revoked_at IS NOT NULL, n.revoked_at IS NOT NULL, n.node_id IS NOT NULL
            FROM node_certificates c LEFT JOIN nodes n ON n.node_id = c.node_id
            WHERE c.serial = $s
            """, r => (NodeId: r.GetString(0), Revoked: r.GetBoolean(1), NodeRevoked: r.GetBoolean(2), NodeKnown: r.GetBoolean(3)),
            ("$s", certificate.SerialNumber));
        if (rows.Count == 0 || rows[0].NodeId != nodeId)
        {
            throw new NodeCertificateRefusedException(
                $"certificate {certificate.SerialNumber} for node {nodeId} is not one this hub issued; the agent enrolls again with its join token");
        }
        var row = rows[0];
        if (!row.NodeKnown)
        {
            throw new NodeCertificateRefusedException(
                $"node {nodeId} was removed from this hub (pi-controller nodes rm); its agent enrolls again with its join token and waits for an admin: " +
                $"pi-controller nodes pending, then pi-controller nodes approve {nodeId} --key KEY");
        }
        if (row.NodeRevoked)
        {
            throw new NodeCertificateRefusedException(
                $"node {nodeId} has been revoked (pi-controller nodes revoke); its agent enrolls again with its join token and waits for an admin: " +
                $"pi-controller nodes pending, then pi-controller nodes approve {nodeId} --key KEY");
        }
        if (row.Revoked)
        {
            throw new NodeCertificateRefusedException(
                $"certificate {certificate.SerialNumber} of node {nodeId} has been revoked (replaced by a newer one); the agent enrolls again with its join token");
        }
        return nodeId;
    }
}
