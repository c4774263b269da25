using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PiController.KubeApiDouble;

namespace PiController.Integration.Tests.KubeApiDouble;

/// <summary>Raw HTTP to a started double, as a Kubernetes client sends it: JSON in, JSON (or a Status) out.</summary>
internal sealed class DoubleClient : IAsyncDisposable
{
    private readonly HttpClient http;

    private DoubleClient(KubeApiDoubleHost host)
    {
        Host = host;
        http = host.CreateClient();
    }

    public KubeApiDoubleHost Host { get; }

    public static async Task<DoubleClient> StartAsync() => new(await KubeApiDoubleHost.StartAsync());

    public Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json") =>
        SendTextAsync(method, path, body?.ToJsonString(), contentType);

    public async Task<(HttpStatusCode Code, JsonObject Body)> SendTextAsync(HttpMethod method, string path, string? body, string contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public Task<(HttpStatusCode Code, JsonObject Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(HttpStatusCode Code, JsonObject Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body);

    public Task<(HttpStatusCode Code, JsonObject Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body);

    /// <summary>Creates an object and fails the test unless the double answers 201.</summary>
    public async Task<JsonObject> CreateAsync(string collection, string json)
    {
        var (code, body) = await PostAsync(collection, JsonNode.Parse(json)!);
        Assert.True(code == HttpStatusCode.Created, $"POST {collection} answered {(int)code}: {body.ToJsonString()}");
        return body;
    }

    /// <summary>Opens a watch; its events are read with <see cref="WatchReader.NextAsync"/>.</summary>
    public async Task<WatchReader> WatchAsync(string pathAndQuery)
    {
        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new WatchReader(response);
    }

    /// <summary>Installs the tests' Widget CRD by server-side apply of its YAML, and fails the test unless the double creates it.</summary>
    public async Task InstallWidgetCrdAsync()
    {
        var (code, body) = await SendTextAsync(HttpMethod.Patch, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{TestCrd.Name}?fieldManager=tests", TestCrd.Yaml, "application/apply-patch+yaml");
        Assert.True(code == HttpStatusCode.Created, $"applying the CRD answered {(int)code}: {body.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Host.DisposeAsync();
    }
}
