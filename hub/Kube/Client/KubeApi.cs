using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using k8s;

namespace PiController.Hub.Kube.Client;

/// <summary>
/// <see cref="IKubeApi"/> over one cluster's kubeconfig: raw requests and the watch stream on the hub's own
/// <see cref="HttpClient"/> (<see cref="KubeTls"/>: the kubeconfig's CA alone, its client certificate or token), and
/// KubernetesClient.Aot's typed client on the same server, CA and credentials, whose refusals and failures are
/// turned into the same exceptions by <see cref="KubeErrorHandler"/>.
/// </summary>
internal sealed class KubeApi : IKubeApi, IDisposable
{
    /// <summary>How long a request (not a watch) may take before the server counts as unreachable.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly KubeCredentials _credentials;
    private readonly KubeTls _tls;
    private readonly HttpClient _http;
    private readonly Lazy<Kubernetes> _typed;

    public KubeApi(string cluster, KubeCredentials credentials)
    {
        Cluster = cluster;
        _credentials = credentials;
        _tls = new KubeTls(credentials);
        _http = new HttpClient(_tls.CreateHandler(), disposeHandler: true)
        {
            BaseAddress = credentials.Server,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pi-controller", null));
        if (credentials.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        _typed = new Lazy<Kubernetes>(CreateTyped);
    }

    /// <summary>A client for <paramref name="cluster"/> from its kubeconfig's text (checked: <see cref="Kubeconfig.Parse"/>).</summary>
    public static KubeApi FromKubeconfig(string cluster, string kubeconfig) => new(cluster, Kubeconfig.Parse(kubeconfig));

    public string Cluster { get; }

    /// <summary>The API server's URL.</summary>
    public Uri Server => _credentials.Server;

    public IKubernetes Typed => _typed.Value;

    public async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative(path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = Deadline(cancellationToken);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await ReadAsync(response, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Relative(path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var timeout = Deadline(cancellationToken);
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string path, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var request = new HttpRequestMessage(HttpMethod.Get,
            Relative($"{path}{separator}watch=1&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw KubeStatus.FromBody(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new KubeUnreachableException($"the watch of {path} on cluster {Cluster} ({Server}) broke off: {e.Message}", e);
            }
            if (line is null)
            {
                yield break;
            }
            if (line.Length > 0)
            {
                yield return WatchLine.Parse(line);
            }
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_typed.IsValueCreated)
        {
            _typed.Value.Dispose();
        }
    }

    /// <summary>Sends, turning a failure to connect into <see cref="KubeUnreachableException"/> with the reason (a refused certificate says why).</summary>
    internal async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken token, CancellationToken caller)
    {
        try
        {
            return await _http.SendAsync(request, completion, token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (OperationCanceledException e) when (!caller.IsCancellationRequested)
        {
            throw new KubeUnreachableException($"the Kubernetes API of cluster {Cluster} at {Server} did not answer within {RequestTimeout.TotalSeconds:0} s", e);
        }
    }

    internal KubeUnreachableException Unreachable(HttpRequestException e)
    {
        var why = e.InnerException is AuthenticationException && _tls.LastRefusal is { } refusal ? $"TLS refused: {refusal}"
            : e.HttpRequestError == HttpRequestError.ConnectionError && e.InnerException is { } inner ? inner.Message
            : e.Message;
        return new KubeUnreachableException($"cannot reach the Kubernetes API of cluster {Cluster} at {Server}: {why}", e);
    }

    private async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken token, CancellationToken caller)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw KubeStatus.FromBody(response.StatusCode, body);
            }
            return JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        }
        catch (JsonException e)
        {
            throw new KubeApiException(response.StatusCode, "InvalidResponse", $"the API of cluster {Cluster} answered something that is not JSON ({e.Message})");
        }
        catch (OperationCanceledException e) when (!caller.IsCancellationRequested)
        {
            throw new KubeUnreachableException($"the Kubernetes API of cluster {Cluster} at {Server} did not finish its answer within {RequestTimeout.TotalSeconds:0} s", e);
        }
    }

    private static CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(RequestTimeout);
        return source;
    }

    private static Uri Relative(string path) => new(path.StartsWith('/') ? path : "/" + path, UriKind.Relative);

    private Kubernetes CreateTyped()
    {
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        roots.ImportFromPem(_credentials.CaPem);
        var configuration = new KubernetesClientConfiguration
        {
            Host = _credentials.Server.ToString().TrimEnd('/'),
            SslCaCerts = roots,
            TlsServerName = _credentials.TlsServerName,
            AccessToken = _credentials.Token,
            ClientCertificateData = _credentials.ClientCertificatePem is { } c ? Convert.ToBase64String(Encoding.UTF8.GetBytes(c)) : null,
            ClientCertificateKeyData = _credentials.ClientKeyPem is { } k ? Convert.ToBase64String(Encoding.UTF8.GetBytes(k)) : null,
            HttpClientTimeout = RequestTimeout,
        };
        return new Kubernetes(configuration, new KubeErrorHandler(this));
    }
}
