using System.Net.Security;
using Google.Protobuf;
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
        var response = await new Enrollment.EnrollmentClient(channel).EnrollAsync(new EnrollRequest
        {
            JoinToken = joinToken,
            NodeId = nodeId,
            Hostname = hostname(),
            CsrDer = ByteString.CopyFrom(AgentCredentials.SigningRequest(key, nodeId)),
        }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken).ConfigureAwait(false);
        credentials.Save(key, response.CertificatePem);
    }
}
