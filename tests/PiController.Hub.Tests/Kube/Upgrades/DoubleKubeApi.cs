using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Upgrades;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// <see cref="IKubeApi"/> on the Kubernetes API double, for the upgrade tests: KubernetesClient.Aot's typed client
/// built from the double's kubeconfig (its CA, the admin client certificate), and the raw GET the upgrade uses for
/// /readyz/etcd. Registered as every cluster's API through <see cref="IClusterApis"/>.
/// </summary>
internal sealed class DoubleKubeApi : IKubeApi, IClusterApis, IDisposable
{
    private readonly HttpClient _http;

    public DoubleKubeApi(KubeApiDoubleHost host)
    {
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(host.Kubeconfig));
        Typed = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        _http = host.CreateClient();
    }

    public string Cluster => "lab";

    public k8s.IKubernetes Typed { get; }

    public IKubeApi Open(string cluster) => this;

    public async Task<JsonDocument?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new KubeApiException(response.StatusCode, response.ReasonPhrase ?? "", text);
        }
        return JsonDocument.Parse(text);
    }

    public async Task<JsonDocument> SendAsync(HttpMethod method, string path, string? body, string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? JsonDocument.Parse(text) : throw new KubeApiException(response.StatusCode, response.ReasonPhrase ?? "", text);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string path, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}watch=1&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        using var response = await _http.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new KubeApiException(response.StatusCode, response.ReasonPhrase ?? "", await response.Content.ReadAsStringAsync(cancellationToken));
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            yield return new WatchEvent(document.RootElement.GetProperty("type").GetString()!, document.RootElement.GetProperty("object").Clone());
        }
    }

    public void Dispose()
    {
        Typed.Dispose();
        _http.Dispose();
    }
}
