using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PiController.Hub.Api;

namespace PiController.Hub.Kube.Client;

/// <summary>
/// The TLS of one cluster's API connections: the server's certificate must chain to the kubeconfig's CA alone (the
/// system's roots are not consulted) and name the server (or the kubeconfig's tls-server-name); the client
/// certificate, when there is one, is presented with the rest of its chain. Why the last server certificate was
/// refused is kept, so an unreachable server is reported with the reason, not "the SSL connection could not be established".
/// </summary>
internal sealed class KubeTls
{
    private readonly X509Certificate2Collection _roots;
    private readonly string _expectedName;
    private readonly SslStreamCertificateContext? _client;
    private volatile string? _lastRefusal;

    public KubeTls(KubeCredentials credentials)
    {
        _expectedName = credentials.TlsServerName ?? credentials.Server.IdnHost;
        _roots = [];
        try
        {
            _roots.ImportFromPem(credentials.CaPem);
        }
        catch (CryptographicException e)
        {
            throw new HubException(HubErrorKind.Invalid, $"the kubeconfig cannot be used: its certificate-authority-data is not a PEM certificate ({e.Message})");
        }
        if (_roots.Count == 0)
        {
            throw new HubException(HubErrorKind.Invalid, "the kubeconfig cannot be used: its certificate-authority-data holds no certificate");
        }
        if (credentials.ClientCertificatePem is { } certificatePem && credentials.ClientKeyPem is { } keyPem)
        {
            _client = ClientContext(certificatePem, keyPem);
        }
    }

    /// <summary>Why the last server certificate was refused, or null.</summary>
    public string? LastRefusal => _lastRefusal;

    public SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        KeepAlivePingDelay = TimeSpan.FromSeconds(30),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => Check(certificate),
            ClientCertificateContext = _client,
        },
    };

    private bool Check(X509Certificate? presented)
    {
        var refusal = Refusal(presented);
        _lastRefusal = refusal;
        return refusal is null;
    }

    private string? Refusal(X509Certificate? presented)
    {
        if (presented is null)
        {
            return "the server presented no certificate";
        }
        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(certificate))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
            return $"its certificate ({certificate.Subject}) is not signed by the CA in the kubeconfig ({status}); check that the kubeconfig belongs to this server";
        }
        if (!certificate.MatchesHostname(_expectedName))
        {
            return $"its certificate does not name {_expectedName}; use the address the certificate was made for (or set tls-server-name in the kubeconfig)";
        }
        return null;
    }

    private static SslStreamCertificateContext ClientContext(string certificatePem, string keyPem)
    {
        try
        {
            using var leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            // An ephemeral key cannot be used by TLS on every platform: carry it through PKCS#12 once.
            var usable = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
            var rest = new X509Certificate2Collection();
            rest.ImportFromPem(certificatePem);
            var intermediates = new X509Certificate2Collection(rest.Where(c => c.Thumbprint != usable.Thumbprint).ToArray());
            return SslStreamCertificateContext.Create(usable, intermediates, offline: true);
        }
        catch (CryptographicException e)
        {
            throw new HubException(HubErrorKind.Invalid, $"the kubeconfig cannot be used: its client certificate and key do not load ({e.Message})");
        }
    }
}
