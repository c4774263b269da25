using System.Net.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using PiController.Protocol.Enroll;
using PiController.Protocol.Trust;

namespace PiController.Agent.Link;

/// <summary>
/// Enrolls the agent: a fresh key made here, a CSR with the join token, over TLS to the hub verified against
/// the CA pinned in the token. The hub's refusals (RpcException) carry the reason and are logged by the caller.
/// </summary>
internal sealed class Enroller(Uri hub, string joinToken, string nodeId, Func<string> hostname, AgentCredentials credentials)
{
    /// <summary>The hub moved (found again by mDNS); the CA pin that protects the token stays.</summary>
    public void MoveTo(Uri address) => hub = address;

    public async Task EnrollAsync(HubTrust trust, CancellationToken cancellationToken)
    {
        using var key = credentials.EnrollmentKey();
        using var channel = GrpcChannel.ForAddress(hub, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(10),
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) => trust.Validate(certificate, chain, errors),
                },
            },
        });
        EnrollResponse response;
        try
        {
            response = await new Enrollment.EnrollmentClient(channel).EnrollAsync(new EnrollRequest
            {
                JoinToken = joinToken,
                NodeId = nodeId,
                Hostname = hostname(),
                CsrDer = ByteString.CopyFrom(AgentCredentials.SigningRequest(key, nodeId)),
            }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            // The hub answers FAILED_PRECONDITION only for a node id it knows: the key below waits for an admin.
            var keyHash = AgentCredentials.KeyHash(key);
            throw new EnrollmentPendingException(
                $"node {nodeId} is known to the hub already (enrolled, revoked or removed), so this enrollment waits for an admin; " +
                $"on the hub run: pi-controller nodes approve {nodeId} --key {keyHash[..AgentCredentials.KeyPrefixLength]} (this agent asks again until then)");
        }
        credentials.Save(key, response.CertificatePem);
    }
}
