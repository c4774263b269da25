using System.Security.Cryptography.X509Certificates;
using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// Who may open the agent link, decided by the features that know (Security's certificates, Nodes' identity
/// binding). Both methods throw <see cref="AgentRefusedException"/> with the reason.
/// </summary>
internal interface IAgentAdmission
{
    /// <summary>The node id the client certificate stands for, checked before Hello is read.</summary>
    string Authorize(X509Certificate2 certificate);

    /// <summary>
    /// Runs under the node's gate in the registry, once Hello has come: checks the certificate again and records the
    /// Hello, atomically, so a revocation is either seen here or closes the new stream.
    /// </summary>
    void Admit(X509Certificate2 certificate, Hello hello, string remoteAddress);
}
