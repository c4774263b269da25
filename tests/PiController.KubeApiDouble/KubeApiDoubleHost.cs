using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.KubeApiDouble.Hosting;

namespace PiController.KubeApiDouble;

/// <summary>
/// The Kubernetes API test double served for a test: Kestrel on 127.0.0.1 at a free port, TLS with a CA of its own,
/// the admin client certificate required of every client (as a k3s kubeconfig presents it), and a kubeconfig for
/// kubectl or any Kubernetes client.
/// </summary>
public sealed class KubeApiDoubleHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly DoubleCertificates certificates;

    private KubeApiDoubleHost(WebApplication app, DoubleCertificates certificates, ApiStore store, Uri url)
    {
        this.app = app;
        this.certificates = certificates;
        Store = store;
        Url = url;
        Kubeconfig = string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: {DoubleCertificates.Base64(DoubleCertificates.Pem(certificates.Ca))}
                server: {url.ToString().TrimEnd('/')}
              name: double
            contexts:
            - context:
                cluster: double
                user: admin
              name: double
            current-context: double
            preferences: {"{}"}
            users:
            - name: admin
              user:
                client-certificate-data: {DoubleCertificates.Base64(DoubleCertificates.Pem(certificates.Admin))}
                client-key-data: {DoubleCertificates.Base64(DoubleCertificates.KeyPem(certificates.Admin))}

            """);
    }

    /// <summary>https://127.0.0.1:PORT/</summary>
    public Uri Url { get; }

    /// <summary>A kubeconfig (YAML) naming the server, its CA and the admin client certificate with its key.</summary>
    public string Kubeconfig { get; }

    public ApiStore Store { get; }

    /// <summary>Watches open now.</summary>
    public int OpenWatches => Store.OpenWatches;

    /// <summary>Starts a double with an empty store (the namespaces every cluster has).</summary>
    /// <param name="cancellationToken">abandons the start.</param>
    public static async Task<KubeApiDoubleHost> StartAsync(CancellationToken cancellationToken = default)
    {
        var certificates = DoubleCertificates.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificates.Serving,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (certificate, _, _) => certificates.Trusts(certificate),
        })));
        var app = builder.Build();
        var store = new ApiStore();
        app.MapKubernetesApi(store);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new KubeApiDoubleHost(app, certificates, store, new Uri($"https://127.0.0.1:{port}/"));
    }

    /// <summary>Writes the kubeconfig into <paramref name="directory"/> (mode 0600) and returns its path, for kubectl --kubeconfig.</summary>
    /// <param name="directory">an existing directory.</param>
    public string WriteKubeconfig(string directory)
    {
        var path = Path.Join(directory, "kubeconfig");
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, Kubeconfig);
        return path;
    }

    /// <summary>An HTTP client of the double that trusts its CA and presents the admin certificate, as a kubeconfig client does.</summary>
    public HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = new X509CertificateCollection { certificates.Admin },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is X509Certificate2 served && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && certificates.Trusts(served),
            },
        };
        return new HttpClient(handler) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Forgets the watch history: a watch from a version older than now is answered 410 Gone.</summary>
    public void Compact() => Store.Compact();

    /// <summary>Ends every open watch response now: clients must watch again.</summary>
    public void DropWatches() => Store.DropWatches();

    public async ValueTask DisposeAsync()
    {
        Store.DropWatches();
        await app.StopAsync();
        await app.DisposeAsync();
        Store.Dispose();
        certificates.Dispose();
    }
}
