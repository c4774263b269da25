using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using PiController.Hub.Agents;
using PiController.Hub.Security;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>
/// Who may open the agent link: a certificate this hub issued, of a node neither revoked nor removed
/// (<see cref="NodeCertificateStore"/>), whose Hello comes from the agent instance bound to the node id
/// (<see cref="NodeStore.RecordHello"/>). Admission checks and records in one transaction.
/// </summary>
internal sealed class NodeAdmission(HubDatabase database, NodeCertificateStore certificates, NodeStore nodes) : IAgentAdmission
{
    public string Authorize(X509Certificate2 certificate)
    {
        try
        {
            return certificates.Authorize(certificate);
        }
        catch (NodeCertificateRefusedException e)
        {
            // Unauthenticated: these credentials are no longer good; an agent with a join token enrolls again.
            throw new AgentRefusedException(StatusCode.Unauthenticated, e.Message, NodeIdentityClaims.NodeId(certificate));
        }
    }

    public void Admit(X509Certificate2 certificate, Hello hello, string remoteAddress)
    {
        try
        {
            using var transaction = database.Begin();
            certificates.Admit(certificate);
            nodes.RecordHello(hello, remoteAddress);
            transaction.Commit();
        }
        catch (NodeCertificateRefusedException e)
        {
            throw new AgentRefusedException(StatusCode.Unauthenticated, e.Message);
        }
        catch (NodeClaimException e)
        {
            throw new AgentRefusedException(StatusCode.AlreadyExists, e.Message);
        }
    }
}
