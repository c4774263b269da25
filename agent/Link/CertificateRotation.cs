using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using PiController.Protocol.Link;

namespace PiController.Agent.Link;

/// <summary>
/// Rotates the client certificate over the open stream: once 2/3 of its lifetime has passed, the agent makes a
/// new key, sends a CSR, and switches to the certificate the hub sends back. One renewal at a time.
/// </summary>
internal sealed class CertificateRotation(AgentCredentials credentials, string nodeId)
{
    private ECDsa? _pendingKey;

    /// <summary>Returns a renewal request when one is due and none is in flight.</summary>
    public CertificateRenewal? Start()
    {
        if (_pendingKey is not null || !credentials.RenewalDue)
        {
            return null;
        }
        _pendingKey = AgentCredentials.NewKey();
        return new CertificateRenewal { CsrDer = ByteString.CopyFrom(AgentCredentials.SigningRequest(_pendingKey, nodeId)) };
    }

    /// <summary>Stores the certificate for the pending key; returns it, or null when nothing was pending.</summary>
    public X509Certificate2? Complete(string certificatePem)
    {
        if (_pendingKey is not { } key)
        {
            return null;
        }
        try
        {
            return credentials.Save(key, certificatePem);
        }
        finally
        {
            // Cleared only once the new certificate is in place: until then RenewalDue still holds, and a
            // heartbeat in between must not start a second renewal.
            _pendingKey = null;
            key.Dispose();
        }
    }
}
