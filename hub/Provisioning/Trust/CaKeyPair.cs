namespace PiController.Hub.Provisioning.Trust;

/// <summary>One certificate authority of a cluster as PEM text: its certificate and its private key (SEC1
/// <c>EC PRIVATE KEY</c>, as <c>openssl ecparam -genkey</c> writes it). The key is a secret: the hub keeps it sealed.</summary>
internal sealed record CaKeyPair(string CertificatePem, string KeyPem)
{
    public override string ToString() => $"CaKeyPair {{ CertificatePem = {CertificatePem.Length} characters, KeyPem = {Secret.Mask} }}";
}
