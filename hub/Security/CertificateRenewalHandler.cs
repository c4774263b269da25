using Grpc.Core;
using PiController.Hub.Agents;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Security;

/// <summary>
/// Security's share of the agent link: signs a new certificate for a key the agent just made, and sends it down the
/// same stream. A malformed request is refused and the stream goes on; when the stream's certificate or its node
/// was revoked meanwhile, the stream ends.
/// </summary>
internal sealed class CertificateRenewalHandler(HubDatabase database, NodeCertificateStore certificates, NodeCertificateIssuer issuer, ILogger<CertificateRenewalHandler> logger)
    : IAgentMessageHandler
{
    public IReadOnlyCollection<AgentMessage.BodyOneofCase> Handles { get; } = [AgentMessage.BodyOneofCase.RenewCertificate];

    public async ValueTask HandleAsync(AgentSession session, AgentMessage message, CancellationToken cancellationToken)
    {
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        try
        {
            var request = NodeCertificateIssuer.ParseRequest(message.RenewCertificate.CsrDer.ToByteArray(), session.NodeId);
            using var transaction = database.Begin();
            certificates.EnsureMayRenew(session.Certificate
                ?? throw new NodeCertificateRefusedException("the stream has no client certificate to renew"));
            certificate = issuer.Issue(request, session.NodeId);
            transaction.Commit();
        }
        catch (CertificateRequestException e)
        {
            AgentLog.Refused(logger, session.NodeId, session.RemoteAddress, "certificate renewal: " + e.Message);
            return;
        }
        catch (NodeCertificateRefusedException e)
        {
            AgentLog.Refused(logger, session.NodeId, session.RemoteAddress, "certificate renewal: " + e.Message);
            throw new AgentRefusedException(StatusCode.Unauthenticated, e.Message);
        }
        SecurityLog.Renewed(logger, session.NodeId, certificate.SerialNumber, certificate.NotAfter);
        await session.EnqueueAsync(new HubMessage { CertificateIssued = new CertificateIssued { CertificatePem = certificate.ExportCertificatePem() } }, cancellationToken).ConfigureAwait(false);
    }
}
