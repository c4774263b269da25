using Grpc.Core;
using Microsoft.Data.Sqlite;
using PiController.Hub.Agents;
using PiController.Hub.Api;
using PiController.Hub.Nodes;
using PiController.Hub.State;
using PiController.Protocol.Enroll;

namespace PiController.Hub.Security;

/// <summary>
/// Enrollment: a join token and a CSR in, a client certificate bound to the node id out. A node id that was
/// enrolled before (also one that was revoked or removed) is never taken over silently: each new key is recorded
/// as its own waiting request, and only the key an admin approves (<c>pi-controller nodes approve NODE --key
/// KEY</c>) gets a certificate; then every older certificate of that node is revoked and its other requests are
/// dropped. A different key never replaces a waiting request.
/// </summary>
internal sealed class EnrollmentService(
    HubDatabase database, JoinTokenStore joinTokens, NodeCertificateIssuer issuer, CertificateAuthority ca,
    AgentRegistry registry, FailureRateLimiter limiter, Events.NodeEvents events, TimeProvider time, ILogger<EnrollmentService> logger) : Enrollment.EnrollmentBase
{
    /// <summary>What an agent reports as its hostname is capped at the longest DNS name.</summary>
    public const int MaxHostnameLength = 253;

    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        var address = context.GetHttpContext().Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
        var source = address.ToString();
        // Failed enrollments are counted per source address: a token cannot be guessed at network speed.
        if (limiter.IsBlocked(address, out var retryAfter))
        {
            throw new HubException(HubErrorKind.Exhausted, $"too many failed enrollments from {source}; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s");
        }
        // Only a validated id is logged as it is; anything else is logged escaped and capped.
        var loggedId = NodeIdRules.ForLog(request.NodeId);
        try
        {
            var certificate = EnrollCore(request, source);
            SecurityLog.Enrolled(logger, request.NodeId, source, certificate.SerialNumber);
            events.StatusChanged(request.NodeId, "enrolled", null, "enrolled", $"enrolled from {source}; certificate serial {certificate.SerialNumber}");
            return Task.FromResult(new EnrollResponse
            {
                CertificatePem = certificate.ExportCertificatePem(),
                CaCertificatePem = ca.Certificate.ExportCertificatePem(),
            });
        }
        catch (HubException e)
        {
            // A refusal (a bad join token or CSR, a key that waits for an admin) counts as a failure of its source,
            // except an agent asking again about the request it made: it polls until an admin decides, and its
            // asking changes nothing. The refusal's kind is its status: FAILED_PRECONDITION means exactly "this key
            // waits for an admin"; a request not recorded is PERMISSION_DENIED.
            if (e is not ApprovalRequiredException { Request: ReEnrollment.StillWaiting })
            {
                limiter.RecordFailure(address);
            }
            SecurityLog.EnrollmentRefused(logger, loggedId, source, e.Message);
            if (e is ApprovalRequiredException { Request: ReEnrollment.Recorded } recorded)
            {
                var key = EnrollmentKeys.Short(recorded.KeyHash);
                events.StatusChanged(request.NodeId, "enrollment-requested", null, "waiting",
                    $"a new enrollment from {source} (key sha256 {key}) waits for an admin: pi-controller nodes approve {request.NodeId} --key {key}");
            }
            throw;
        }
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2 EnrollCore(EnrollRequest request, string source)
    {
        var csr = NodeCertificateIssuer.ParseRequest(request.CsrDer.ToByteArray(), request.NodeId);
        var keyHash = NodeIdentityClaims.PublicKeyHash(csr.PublicKey);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var token = joinTokens.Check(request.JoinToken, connection, transaction);
        NodeCertificateIssuer.EnsureNewKey(keyHash, connection, transaction);

        if (EnrolledBefore(connection, transaction, request.NodeId))
        {
            var outcome = EnrollmentRequests.Take(connection, transaction, request.NodeId, keyHash, source, now);
            if (outcome != ReEnrollment.Approved)
            {
                transaction.Commit();
                throw new ApprovalRequiredException(outcome, keyHash, Refusal(outcome, request.NodeId, keyHash));
            }
        }

        JoinTokenStore.Consume(token, connection, transaction);
        using (var revokeOld = connection.CreateCommand())
        {
            revokeOld.Transaction = transaction;
            revokeOld.CommandText = """
                UPDATE node_certificates SET revoked_at = $now WHERE node_id = $id AND revoked_at IS NULL;
                DELETE FROM enrollment_requests WHERE node_id = $id;
                """;
            revokeOld.Parameters.AddWithValue("$id", request.NodeId);
            revokeOld.Parameters.AddWithValue("$now", now);
            revokeOld.ExecuteNonQuery();
        }
        var certificate = issuer.Issue(csr, request.NodeId, connection, transaction);
        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            // A new enrollment starts a new binding: the next Hello binds the agent instance that holds this key.
            upsert.CommandText = """
                INSERT INTO nodes (node_id, instance_id, hostname, first_seen, last_seen, enrolled_at)
                VALUES ($id, '', $host, $now, $now, $now)
                ON CONFLICT (node_id) DO UPDATE SET instance_id = '', enrolled_at = $now, revoked_at = NULL
                """;
            upsert.Parameters.AddWithValue("$id", request.NodeId);
            upsert.Parameters.AddWithValue("$host", TextRules.Reported(request.Hostname, MaxHostnameLength));
            upsert.Parameters.AddWithValue("$now", now);
            upsert.ExecuteNonQuery();
        }
        transaction.Commit();
        // After the commit, under the node's gate: a stream of an old certificate is closed, or refused when it attaches.
        registry.Disconnect(request.NodeId);
        return certificate;
    }

    private static bool EnrolledBefore(SqliteConnection connection, SqliteTransaction transaction, string nodeId)
    {
        using var node = connection.CreateCommand();
        node.Transaction = transaction;
        node.CommandText = """
            SELECT (SELECT COUNT(*) FROM node_certificates WHERE node_id = $id)
                 + (SELECT COUNT(*) FROM nodes WHERE node_id = $id AND (enrolled_at IS NOT NULL OR revoked_at IS NOT NULL))
            """;
        node.Parameters.AddWithValue("$id", nodeId);
        return Convert.ToInt64(node.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static string Refusal(ReEnrollment outcome, string nodeId, string keyHash)
    {
        var key = EnrollmentKeys.Short(keyHash);
        return outcome == ReEnrollment.TooMany
            ? $"node {nodeId} was enrolled before and {EnrollmentRequests.MaxWaitingPerNode} enrollment requests with other keys wait for an admin already; " +
              $"this one (key sha256 {key}) is refused. The admin approves the right one (pi-controller nodes pending; pi-controller nodes approve {nodeId} --key KEY) " +
              $"or forgets them all (pi-controller nodes rm {nodeId})"
            : $"node {nodeId} is enrolled already (or was revoked or removed); this enrollment (key sha256 {key}) waits for an admin: " +
              $"pi-controller nodes approve {nodeId} --key {key}";
    }
}

/// <summary>The node id was enrolled before; an admin must approve the new key (forbidden when too many wait already).</summary>
internal sealed class ApprovalRequiredException(ReEnrollment request, string keyHash, string message)
    : HubException(request == ReEnrollment.TooMany ? HubErrorKind.Forbidden : HubErrorKind.Precondition, message)
{
    public ReEnrollment Request { get; } = request;

    public string KeyHash { get; } = keyHash;
}
