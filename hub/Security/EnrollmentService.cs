using Grpc.Core;
using PiController.Hub.Agents;
using PiController.Hub.Api;
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
    HubDatabase database, JoinTokenStore joinTokens, NodeCertificateIssuer issuer, NodeCertificateStore certificates, EnrollmentRequestStore requests,
    INodeEnrollments nodes, CertificateAuthority ca,
    AgentRegistry registry, FailureRateLimiter limiter, INodeStatusEvents events, ILogger<EnrollmentService> logger) : Enrollment.EnrollmentBase
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
        using var transaction = database.Begin();
        var token = joinTokens.Check(request.JoinToken);
        certificates.EnsureNewKey(keyHash);

        if (certificates.IssuedTo(request.NodeId) || nodes.EnrolledOrRevoked(request.NodeId))
        {
            var outcome = requests.Take(request.NodeId, keyHash, source);
            if (outcome != ReEnrollment.Approved)
            {
                transaction.Commit();
                throw new ApprovalRequiredException(outcome, keyHash, Refusal(outcome, request.NodeId, keyHash));
            }
        }

        joinTokens.Consume(token);
        certificates.RevokeAll(request.NodeId);
        requests.Forget(request.NodeId);
        var certificate = issuer.Issue(csr, request.NodeId);
        nodes.RecordEnrolled(request.NodeId, TextRules.Reported(request.Hostname, MaxHostnameLength));
        transaction.Commit();
        // After the commit, under the node's gate: a stream of an old certificate is closed, or refused when it attaches.
        registry.Disconnect(request.NodeId);
        return certificate;
    }

    private static string Refusal(ReEnrollment outcome, string nodeId, string keyHash)
    {
        var key = EnrollmentKeys.Short(keyHash);
        return outcome == ReEnrollment.TooMany
            ? $"node {nodeId} was enrolled before and {EnrollmentRequestStore.MaxWaitingPerNode} enrollment requests with other keys wait for an admin already; " +
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
