namespace PiController.Hub.Kube.Client;

/// <summary>
/// What a kubeconfig's current context says about reaching its API server: the server, the CA that alone is trusted
/// for it, and one way to authenticate (a client certificate with its key, or a bearer token). Never logged.
/// </summary>
/// <param name="Server">The API server's https URL.</param>
/// <param name="CaPem">The certificate-authority-data, PEM: the only root trusted for this server.</param>
/// <param name="TlsServerName">The name to check the server's certificate against, when the kubeconfig names one other than the host.</param>
/// <param name="ClientCertificatePem">client-certificate-data, PEM, or null.</param>
/// <param name="ClientKeyPem">client-key-data, PEM (EC or RSA), or null.</param>
/// <param name="Token">A bearer token, or null.</param>
internal sealed record KubeCredentials(Uri Server, string CaPem, string? TlsServerName, string? ClientCertificatePem, string? ClientKeyPem, string? Token)
{
    public override string ToString() => $"KubeCredentials {{ Server = {Server} }}";
}
