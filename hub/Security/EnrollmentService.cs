using Grpc.Core;
using PiController.Hub.Agents;
using PiController.Hub.State;
using PiController.Protocol.Enroll;

namespace PiController.Hub.Security;

/// <summary>
/// Enrollment: a join token and a CSR in, a client certificate bound to the node id out. A node id that is
/// enrolled already (or was revoked) is never taken over silently: the request is recorded and waits until an
/// admin approves it (<c>pi-controller nodes approve NODE</c>); the approved key then gets its certificate and
/// every older certificate of that node is revoked.
/// </summary>
internal sealed class EnrollmentService(
    HubDatabase database, JoinTokenStore joinTokens, NodeCertificateIssuer issuer, CertificateAuthority ca,
    AgentRegistry registry, FailureRateLimiter limiter, Events.NodeEvents events, TimeProvider time, ILogger<EnrollmentService> logger) : Enrollment.EnrollmentBase
{
    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        var address = context.GetHttpContext().Connection.RemoteIpAddress ?? System.Net.IPAddress.None;
        var source = address.ToString();
        // Failed enrollments are counted per source address: a token cannot be guessed at network speed.
        if (limiter.IsBlocked(address, out var retryAfter))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"too many failed enrollments from {source}; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s"));
        }
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
        catch (JoinTokenException e)
        {
            limiter.RecordFailure(address);
            SecurityLog.EnrollmentRefused(logger, request.NodeId, source, e.Message);
            throw new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
        }
        catch (CertificateRequestException e)
        {
            limiter.RecordFailure(address);
            SecurityLog.EnrollmentRefused(logger, request.NodeId, source, e.Message);
            throw new RpcException(new Status(e.Replayed ? StatusCode.PermissionDenied : StatusCode.InvalidArgument, e.Message));
        }
        catch (ApprovalRequiredException e)
        {
            SecurityLog.EnrollmentRefused(logger, request.NodeId, source, e.Message);
            events.StatusChanged(request.NodeId, "enrollment-requested", null, "waiting", $"a new enrollment from {source} waits for an admin: pi-controller nodes approve {request.NodeId}");
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
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

        bool enrolledBefore;
        using (var node = connection.CreateCommand())
        {
            node.Transaction = transaction;
            node.CommandText = """
                SELECT (SELECT COUNT(*) FROM node_certificates WHERE node_id = $id)
                     + (SELECT COUNT(*) FROM nodes WHERE node_id = $id AND (enrolled_at IS NOT NULL OR revoked_at IS NOT NULL))
                """;
            node.Parameters.AddWithValue("$id", request.NodeId);
            enrolledBefore = Convert.ToInt64(node.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        if (enrolledBefore && !TakeApproval(connection, transaction, request.NodeId, keyHash, source, now))
        {
            transaction.Commit();
            throw new ApprovalRequiredException(
                $"node {request.NodeId} is enrolled already; this new enrollment waits for an admin: pi-controller nodes approve {request.NodeId}");
        }

        JoinTokenStore.Consume(token, connection, transaction);
        using (var revokeOld = connection.CreateCommand())
        {
            revokeOld.Transaction = transaction;
            revokeOld.CommandText = "UPDATE node_certificates SET revoked_at = $now WHERE node_id = $id AND revoked_at IS NULL";
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
            upsert.Parameters.AddWithValue("$host", request.Hostname);
            upsert.Parameters.AddWithValue("$now", now);
            upsert.ExecuteNonQuery();
        }
        transaction.Commit();
        registry.Disconnect(request.NodeId);
        return certificate;
    }

    /// <summary>True when an admin approved this key for this node (the approval is used up); else records the request.</summary>
    private static bool TakeApproval(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, string nodeId, string keyHash, string source, long now)
    {
        using (var approved = connection.CreateCommand())
        {
            approved.Transaction = transaction;
            approved.CommandText = "DELETE FROM enrollment_requests WHERE node_id = $id AND public_key_sha256 = $k AND approved_at IS NOT NULL";
            approved.Parameters.AddWithValue("$id", nodeId);
            approved.Parameters.AddWithValue("$k", keyHash);
            if (approved.ExecuteNonQuery() > 0)
            {
                return true;
            }
        }
        using var record = connection.CreateCommand();
        record.Transaction = transaction;
        record.CommandText = """
            INSERT INTO enrollment_requests (node_id, public_key_sha256, source, requested_at) VALUES ($id, $k, $src, $now)
            ON CONFLICT (node_id) DO UPDATE SET public_key_sha256 = $k, source = $src, requested_at = $now,
                approved_at = CASE WHEN public_key_sha256 = $k THEN approved_at ELSE NULL END
            """;
        record.Parameters.AddWithValue("$id", nodeId);
        record.Parameters.AddWithValue("$k", keyHash);
        record.Parameters.AddWithValue("$src", source);
        record.Parameters.AddWithValue("$now", now);
        record.ExecuteNonQuery();
        return false;
    }
}

/// <summary>The node id is enrolled already; an admin must approve the new key.</summary>
internal sealed class ApprovalRequiredException(string message) : Exception(message);
