using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PiController.K3sStandIn.Trust;

namespace PiController.K3sStandIn.Join;

/// <summary>
/// How a joining K3s node reaches the cluster (pkg/clientaccess): download https://SERVER/cacerts without verifying
/// the server, hash it (<see cref="CaHash"/>) and compare with the token's hash ("token CA hash does not match the
/// Cluster CA certificate hash: TOKEN != SERVER"); from then on trust only that CA (and the server's name in its
/// certificate), and send the token's user and password as basic auth. While the server does not answer, it tries
/// again every 2 s (as K3s's agent does) for <see cref="RetryFor"/>; K3s retries without end, the stand-in exits 1
/// afterwards and systemd's Restart=always starts it again.
/// </summary>
internal sealed class SupervisorClient : IDisposable
{
    public static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    private readonly Uri _server;
    private readonly JoinToken _token;
    private HttpClient? _trusted;

    private SupervisorClient(Uri server, JoinToken token) => (_server, _token) = (server, token);

    /// <summary>The CA bundle the server served, once validated.</summary>
    public byte[] CaCertificates { get; private set; } = [];

    /// <exception cref="JoinRefusedException">not an https URL, the server unreachable for <see cref="RetryFor"/>, or a CA hash that does not match.</exception>
    public static async Task<SupervisorClient> ConnectAsync(string server, JoinToken token, CancellationToken cancellation)
    {
        if (!Uri.TryCreate(server.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme != "https")
        {
            throw new JoinRefusedException($"only https:// URLs are supported, invalid scheme: {server}");
        }
        var client = new SupervisorClient(uri, token);
        client.CaCertificates = await Retrying(() => client.DownloadCaAsync(cancellation), cancellation);
        var hash = CaHash.Of(client.CaCertificates);
        if (token.CaHash is { } expected && expected != hash)
        {
            throw new JoinRefusedException($"token CA hash does not match the Cluster CA certificate hash: {expected} != {hash}");
        }
        if (token.CaHash is null)
        {
            Log.Warn("Cluster CA certificate is not trusted by the host CA bundle, but the token does not include a CA hash. Use the full token from the server's node-token file to enable Cluster CA validation.");
        }
        client._trusted = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = client.Validate } }) { Timeout = TimeSpan.FromSeconds(10) };
        return client;
    }

    /// <summary>GET <paramref name="path"/> as <paramref name="user"/> with the token's password.</summary>
    /// <exception cref="JoinRefusedException">the server answered with an error status (401: the password is not this cluster's).</exception>
    public async Task<byte[]> GetAsync(string path, string user, CancellationToken cancellation)
    {
        async Task<HttpResponseMessage> SendOnce()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_token.Password}")));
            return await _trusted!.SendAsync(request, cancellation);
        }
        using var response = await Retrying(SendOnce, cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new JoinRefusedException($"{new Uri(_server, path)}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        return await response.Content.ReadAsByteArrayAsync(cancellation);
    }

    private async Task<byte[]> DownloadCaAsync(CancellationToken cancellation)
    {
        // Unverified on purpose, as K3s's first request: the bundle is trusted only once its hash equals the token's.
#pragma warning disable CA5359
        using var insecure = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { Timeout = TimeSpan.FromSeconds(10) };
#pragma warning restore CA5359
        using var response = await insecure.GetAsync(new Uri(_server, "/cacerts"), cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new JoinRefusedException($"failed to get CA certs: {new Uri(_server, "/cacerts")}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        return await response.Content.ReadAsByteArrayAsync(cancellation);
    }

    /// <summary>The server's certificate must chain to the downloaded CA bundle and name the host it was reached at.</summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? _, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(Encoding.ASCII.GetString(CaCertificates));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var ca in bundle)
        {
            (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(ca);
        }
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var valid = chain.Build(presented);
        foreach (var ca in bundle)
        {
            ca.Dispose();
        }
        return valid;
    }

    private static async Task<T> Retrying<T>(Func<Task<T>> attempt, CancellationToken cancellation)
    {
        var until = DateTimeOffset.UtcNow + RetryFor;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (HttpRequestException e) when (e.StatusCode is null && DateTimeOffset.UtcNow < until)
            {
                Log.Info($"Waiting to connect to the server: {e.Message}; retrying in {RetryEvery.TotalSeconds:0} s");
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                throw new JoinRefusedException($"failed to get CA certs: {e.Message} (no answer for {RetryFor.TotalMinutes:0} minutes; check the server's address and that it runs)");
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested && DateTimeOffset.UtcNow < until)
            {
                Log.Info($"Waiting to connect to the server: no answer within 10 s; retrying in {RetryEvery.TotalSeconds:0} s");
            }
            await Task.Delay(RetryEvery, cancellation);
        }
    }

    public void Dispose() => _trusted?.Dispose();
}
