using System.Security.Cryptography.X509Certificates;
using PiController.Hub.State;

namespace PiController.Hub.Security;

/// <summary>A node certificate the agent link does not accept; the message says why and what to do.</summary>
internal sealed class NodeCertificateRefusedException(string message) : Exception(message);

internal sealed record EnrollmentRequestView(string NodeId, string PublicKeySha256, string Source, DateTimeOffset RequestedAt, bool Approved);

/// <summary>The node certificates the hub issued: which are valid, revocation, and pending re-enrollments.</summary>
internal sealed class NodeCertificateStore(HubDatabase database, TimeProvider time)
{
    /// <summary>Returns the node id a presented client certificate stands for, or throws with the reason it is refused.</summary>
    public string Authorize(X509Certificate2 certificate)
    {
        var nodeId = NodeIdentityClaims.NodeId(certificate)
            ?? throw new NodeCertificateRefusedException("the client certificate names no node (it was not issued by enrollment)");
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT c.node_id, c.revoked_at, n.revoked_at, n.node_id IS NOT NULL
            FROM node_certificates c LEFT JOIN nodes n ON n.node_id = c.node_id
            WHERE c.serial = $s
            """;
        query.Parameters.AddWithValue("$s", certificate.SerialNumber);
        using var reader = query.ExecuteReader();
        if (!reader.Read() || reader.GetString(0) != nodeId)
        {
            throw new NodeCertificateRefusedException($"certificate {certificate.SerialNumber} for node {nodeId} is not one this hub issued");
        }
        if (!reader.IsDBNull(2) || !reader.GetBoolean(3))
        {
            throw new NodeCertificateRefusedException(
                $"node {nodeId} has been revoked or deleted; to let it back in, approve its new enrollment: pi-controller nodes approve {nodeId}");
        }
        if (!reader.IsDBNull(1))
        {
            throw new NodeCertificateRefusedException(
                $"certificate {certificate.SerialNumber} of node {nodeId} has been revoked (replaced by a newer enrollment); enroll again with a join token");
        }
        return nodeId;
    }

    /// <summary>Revokes every certificate of the node and marks it revoked. Returns the number of certificates revoked.</summary>
    public int Revoke(string nodeId)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var certificates = connection.CreateCommand();
        certificates.Transaction = transaction;
        certificates.CommandText = "UPDATE node_certificates SET revoked_at = $now WHERE node_id = $id AND revoked_at IS NULL";
        certificates.Parameters.AddWithValue("$id", nodeId);
        certificates.Parameters.AddWithValue("$now", now);
        var count = certificates.ExecuteNonQuery();
        using var node = connection.CreateCommand();
        node.Transaction = transaction;
        node.CommandText = "UPDATE nodes SET revoked_at = $now WHERE node_id = $id";
        node.Parameters.AddWithValue("$id", nodeId);
        node.Parameters.AddWithValue("$now", now);
        node.ExecuteNonQuery();
        transaction.Commit();
        return count;
    }

    public IReadOnlyList<EnrollmentRequestView> Pending()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT node_id, public_key_sha256, source, requested_at, approved_at IS NOT NULL FROM enrollment_requests ORDER BY requested_at";
        using var reader = query.ExecuteReader();
        var pending = new List<EnrollmentRequestView>();
        while (reader.Read())
        {
            pending.Add(new EnrollmentRequestView(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetBoolean(4)));
        }
        return pending;
    }

    /// <summary>Approves the node's waiting enrollment request (its key gets a certificate on the agent's next try).</summary>
    public bool Approve(string nodeId)
    {
        using var connection = database.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE enrollment_requests SET approved_at = $now WHERE node_id = $id";
        update.Parameters.AddWithValue("$id", nodeId);
        update.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        return update.ExecuteNonQuery() > 0;
    }
}
