using PiController.Hub.Security;

namespace PiController.Hub.Adoption;

/// <summary>What the steps of one adoption are made from: where the Pi reaches the hub, the hub's two public trust anchors, and the token it enrolls with.</summary>
/// <param name="Hub">The hub's https URL as the Pi reaches it (scheme, host, port).</param>
/// <param name="CaCertificatePem">The hub's CA certificate (PEM): apt trusts the hub's TLS with it, for the hub's host only.</param>
/// <param name="AptPublicKey">The hub's apt signing key, ASCII-armored: the Signed-By key of the hub's source only.</param>
/// <param name="Token">The single-use join token made for this adoption.</param>
internal sealed record AdoptionInputs(Uri Hub, string CaCertificatePem, string AptPublicKey, JoinToken Token)
{
    public override string ToString() => $"AdoptionInputs({Hub})";
}
