using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using PiController.Hub.State;

namespace PiController.Hub.Security;

/// <summary>A node certificate the agent link does not accept; the message says why and what to do.</summary>
internal sealed class NodeCertificateRefusedException(string message) : Exception(message);

internal sealed record EnrollmentRequestView(string NodeId, string PublicKeySha256, string Source, DateTimeOffset RequestedAt, bool Approved);

/// <summary>The body of <c>POST /api/v1/nodes/{id}/approve</c>: the key of the waiting request, as <c>nodes pending</c> shows it.</summary>
internal sealed record ApproveEnrollmentRequest(string? PublicKeySha256);

/// <summary>
/// The node certificates the hub issued: which are valid, revocation, removal, and the re-enrollments that wait for
/// an admin. Invariants: a node that is revoked or removed has no valid certificate; once a renewed certificate is
/// used, the ones issued to that node before it are revoked; an approval names one waiting request (node and key).
/// </summary>
internal sealed class NodeCertificateStore(HubDatabase database, TimeProvider time)
{
    /// <summary>Returns the node id a presented client certificate stands for, or throws with the reason it is refused.</summary>
    public string Authorize(X509Certificate2 certificate)
    {
        using var connection = database.Open();
        return Check(connection, null, certificate);
    }

    /// <summary>
    /// The check made when a stream is attached (under the registry's gate for the node), in one transaction with
    /// <paramref name="record"/> (the Hello), so a revocation or removal is either seen here or comes after:
    /// <see cref="Authorize"/>; then, since the agent now uses this certificate, the node's certificates issued
    /// before it are revoked (the one a renewal replaced). Returns the node id.
    /// </summary>
    public string Admit(X509Certificate2 certificate, Action<SqliteConnection, SqliteTransaction> record)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var nodeId = Check(connection, transaction, certificate);
        record(connection, transaction);
        using var retire = connection.CreateCommand();
        retire.Transaction = transaction;
        // rowid orders issuance; issued_at can tie within a millisecond.
        retire.CommandText = """
            UPDATE node_certificates SET revoked_at = $now
            WHERE node_id = $id AND revoked_at IS NULL AND rowid < (SELECT rowid FROM node_certificates WHERE serial = $s)
            """;
        retire.Parameters.AddWithValue("$id", nodeId);
        retire.Parameters.AddWithValue("$s", certificate.SerialNumber);
        retire.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        retire.ExecuteNonQuery();
        transaction.Commit();
        return nodeId;
    }

    /// <summary>Throws when <paramref name="certificate"/> may not renew itself (revoked, or its node revoked or removed).</summary>
    public static void EnsureMayRenew(X509Certificate2 certificate, SqliteConnection connection, SqliteTransaction transaction) =>
        Check(connection, transaction, certificate);

    private static string Check(SqliteConnection connection, SqliteTransaction? transaction, X509Certificate2 certificate)
    {
        var nodeId = NodeIdentityClaims.NodeId(certificate)
            ?? throw new NodeCertificateRefusedException("the client certificate names no node (it was not issued by enrollment)");
        using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = """
            SELECT c.node_id, c.revoked_at, n.revoked_at, n.node_id IS NOT NULL
            FROM node_certificates c LEFT JOIN nodes n ON n.node_id = c.node_id
            WHERE c.serial = $s
            """;
        query.Parameters.AddWithValue("$s", certificate.SerialNumber);
        using var reader = query.ExecuteReader();
        if (!reader.Read() || reader.GetString(0) != nodeId)
        {
            throw new NodeCertificateRefusedException(
                $"certificate {certificate.SerialNumber} for node {nodeId} is not one this hub issued; the agent enrolls again with its join token");
        }
        if (!reader.GetBoolean(3))
        {
            throw new NodeCertificateRefusedException(
                $"node {nodeId} was removed from this hub (pi-controller nodes rm); its agent enrolls again with its join token and waits for an admin: " +
                $"pi-controller nodes pending, then pi-controller nodes approve {nodeId} --key KEY");
        }
        if (!reader.IsDBNull(2))
        {
            throw new NodeCertificateRefusedException(
                $"node {nodeId} has been revoked (pi-controller nodes revoke); its agent enrolls again with its join token and waits for an admin: " +
                $"pi-controller nodes pending, then pi-controller nodes approve {nodeId} --key KEY");
        }
        if (!reader.IsDBNull(1))
        {
            throw new NodeCertificateRefusedException(
                $"certificate {certificate.SerialNumber} of node {nodeId} has been revoked (replaced by a newer one); the agent enrolls again with its join token");
        }
        return nodeId;
    }

    /// <summary>
    /// Revokes every certificate of the node and marks it revoked. Null when the node is unknown, else how many
    /// certificates were revoked and whether anything changed (a node revoked twice changes nothing).
    /// </summary>
    public (int Certificates, bool Changed)? Revoke(string nodeId)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var node = connection.CreateCommand();
        node.Transaction = transaction;
        node.CommandText = "SELECT revoked_at IS NULL FROM nodes WHERE node_id = $id";
        node.Parameters.AddWithValue("$id", nodeId);
        if (node.ExecuteScalar() is not { } active)
        {
            return null;
        }
        using var mark = connection.CreateCommand();
        mark.Transaction = transaction;
        mark.CommandText = "UPDATE nodes SET revoked_at = $now WHERE node_id = $id AND revoked_at IS NULL";
        mark.Parameters.AddWithValue("$id", nodeId);
        mark.Parameters.AddWithValue("$now", now);
        mark.ExecuteNonQuery();
        var count = RevokeCertificates(nodeId, now, connection, transaction);
        transaction.Commit();
        return (count, count > 0 || Convert.ToInt64(active, System.Globalization.CultureInfo.InvariantCulture) == 1);
    }

    /// <summary>
    /// Forgets a node: its certificates are revoked, its waiting requests and its record deleted. Its agent can come
    /// back only through a new enrollment that an admin approves. False when there was nothing to forget.
    /// </summary>
    public bool Remove(string nodeId)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var certificates = RevokeCertificates(nodeId, now, connection, transaction);
        using var requests = connection.CreateCommand();
        requests.Transaction = transaction;
        requests.CommandText = "DELETE FROM enrollment_requests WHERE node_id = $id";
        requests.Parameters.AddWithValue("$id", nodeId);
        var forgotten = requests.ExecuteNonQuery();
        using var node = connection.CreateCommand();
        node.Transaction = transaction;
        node.CommandText = "DELETE FROM nodes WHERE node_id = $id";
        node.Parameters.AddWithValue("$id", nodeId);
        forgotten += node.ExecuteNonQuery();
        transaction.Commit();
        return forgotten + certificates > 0;
    }

    private static int RevokeCertificates(string nodeId, long now, SqliteConnection connection, SqliteTransaction transaction)
    {
        using var certificates = connection.CreateCommand();
        certificates.Transaction = transaction;
        certificates.CommandText = "UPDATE node_certificates SET revoked_at = $now WHERE node_id = $id AND revoked_at IS NULL";
        certificates.Parameters.AddWithValue("$id", nodeId);
        certificates.Parameters.AddWithValue("$now", now);
        return certificates.ExecuteNonQuery();
    }

    public IReadOnlyList<EnrollmentRequestView> Pending()
    {
        using var connection = database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT node_id, public_key_sha256, source, requested_at, approved_at IS NOT NULL FROM enrollment_requests ORDER BY requested_at, node_id";
        using var reader = query.ExecuteReader();
        var pending = new List<EnrollmentRequestView>();
        while (reader.Read())
        {
            pending.Add(new EnrollmentRequestView(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetBoolean(4)));
        }
        return pending;
    }

    /// <summary>
    /// Approves the waiting request of <paramref name="nodeId"/> whose key hash starts with <paramref name="keyPrefix"/>
    /// (at least <see cref="EnrollmentKeys.MinPrefixLength"/> hex digits); that key gets its certificate on the agent's
    /// next try, and no other key does.
    /// </summary>
    public ApprovalResult Approve(string nodeId, string keyPrefix)
    {
        var prefix = keyPrefix.Trim().ToLowerInvariant();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var waiting = new List<(string Key, bool Approved)>();
        using (var query = connection.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = "SELECT public_key_sha256, approved_at IS NOT NULL FROM enrollment_requests WHERE node_id = $id ORDER BY requested_at";
            query.Parameters.AddWithValue("$id", nodeId);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                waiting.Add((reader.GetString(0), reader.GetBoolean(1)));
            }
        }
        var keys = waiting.Select(w => w.Key).ToList();
        var matches = waiting.Where(w => w.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (waiting.Count == 0 || matches.Count != 1)
        {
            return new ApprovalResult(waiting.Count == 0 ? ApprovalOutcome.NothingWaiting : matches.Count == 0 ? ApprovalOutcome.NoSuchKey : ApprovalOutcome.Ambiguous, null, keys);
        }
        var match = matches[0];
        if (match.Approved)
        {
            return new ApprovalResult(ApprovalOutcome.AlreadyApproved, match.Key, keys);
        }
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE enrollment_requests SET approved_at = $now WHERE node_id = $id AND public_key_sha256 = $k";
        update.Parameters.AddWithValue("$id", nodeId);
        update.Parameters.AddWithValue("$k", match.Key);
        update.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        update.ExecuteNonQuery();
        transaction.Commit();
        return new ApprovalResult(ApprovalOutcome.Approved, match.Key, keys);
    }
}
