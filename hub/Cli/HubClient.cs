using System.Net.Http.Headers;
using System.Net.Security;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using PiController.Protocol.Trust;

namespace PiController.Hub.Cli;

/// <summary>
/// The CLI's one typed client of the hub: TLS pinned to the hub CA, bearer token, problem details turned into one
/// line. The operations, one method each, live in the partial files HubClient.*.cs, which own every REST path, its
/// escaping and the JSON types; the verbs call those methods and never write a path.
/// </summary>
internal sealed partial class HubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HubTrust _trust;
    private readonly HubConnectionSettings _settings;

    private HubClient(HubConnectionSettings settings, HubTrust trust)
    {
        _trust = trust;
        _settings = settings;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => _trust.Validate(certificate, chain, errors),
            },
        };
        _http = new HttpClient(handler) { BaseAddress = settings.Hub, Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
    }

    public static async Task<HubClient> ConnectAsync(HubConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Ca is { } ca)
        {
            return new HubClient(settings, new HubTrust(ca));
        }
        try
        {
            return new HubClient(settings, new HubTrust(await HubTrust.FetchCaAsync(settings.Hub, settings.CaFingerprint, cancellationToken).ConfigureAwait(false)));
        }
        catch (HubTrustException e)
        {
            throw new CliException(e.Message);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the hub at {settings.Hub}: {Innermost(e).Message}");
        }
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="pathAndQuery"/> with the same pinned CA and bearer token as the REST
    /// calls. A refusal at the handshake (400, 401, 403) is a <see cref="CliException"/>; a network failure is
    /// thrown as it is, for the caller to retry.
    /// </summary>
    private async Task<System.Net.WebSockets.ClientWebSocket> OpenWebSocketAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => _trust.Validate(certificate, chain, errors);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _settings.Token);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(new Uri(_settings.Hub, pathAndQuery)) { Scheme = "wss" }.Uri;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(uri, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (System.Net.WebSockets.WebSocketException) when ((int)socket.HttpStatusCode is >= 400 and < 500)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            // The handshake's problem details are not kept by ClientWebSocket; the same query over REST says what is wrong.
            await GetTextAsync(pathAndQuery.Replace("/ws?", "?", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            throw new CliException($"the hub refused the event stream ({(int)status} {status})");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), type, cancellationToken);

    private Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, requestType) }, type, cancellationToken);

    private Task<TResponse> PutAsync<TRequest, TResponse>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, requestType) }, type, cancellationToken);

    /// <summary>A request without a body (POST, DELETE) whose answer is a JSON document.</summary>
    private Task<T> SendAsync<T>(HttpMethod method, string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(method, path), type, cancellationToken);

    private async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Post, path), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A POST with a JSON body whose answer has none (204).</summary>
    private async Task PostAsync<TRequest>(string path, TRequest body, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, requestType) }, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException($"the hub sent an empty answer to {request.RequestUri}");
    }

    /// <summary>Sends through <paramref name="http"/> when given (a transfer without the usual timeout), else the usual client.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpClient? http = null)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await (http ?? _http).SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the hub at {_http.BaseAddress}: {_trust.LastRefusal ?? Innermost(e).Message}");
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            ProblemDetails? problem = null;
            try
            {
                problem = await response.Content.ReadFromJsonAsync(HubJsonContext.Default.ProblemDetails, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
            {
                // Not a problem document; the status line is all there is.
            }
            throw new CliException(problem?.Detail is { } detail
                ? $"{problem.Title ?? response.ReasonPhrase}: {detail}"
                : $"the hub answered {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode == System.Net.HttpStatusCode.NotFound);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    public void Dispose() => _http.Dispose();
}
