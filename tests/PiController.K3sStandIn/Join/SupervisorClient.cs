using System.Net.Http.Headers;
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
    /// <summary>The header K3s's agents name themselves in when they ask for their certificates.</summary>
    public const string NodeNameHeader = "K3s-Node-Name";

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
        client._trusted = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = ChainTrust.ForServer(client.CaCertificates) } }) { Timeout = TimeSpan.FromSeconds(10) };
        return client;
    }

    /// <summary>The server's URL (https://SERVER:6443).</summary>
    public Uri Server => _server;

    /// <summary>GET <paramref name="path"/> as <paramref name="user"/> with the token's password (and, for a node's own
    /// files, its name in K3s's header K3s-Node-Name).</summary>
    /// <exception cref="JoinRefusedException">the server answered with an error status (401: the password is not this cluster's).</exception>
    public async Task<byte[]> GetAsync(string path, string user, CancellationToken cancellation, string? nodeName = null)
    {
        async Task<HttpResponseMessage> SendOnce()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_token.Password}")));
            if (nodeName is not null)
            {
                request.Headers.Add(NodeNameHeader, nodeName);
            }
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
