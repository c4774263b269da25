using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PiController.K3sStandIn.Trust;

namespace PiController.K3sStandIn.Kubelet;

/// <summary>
/// The kubelet's connection to the Kubernetes API: HTTPS to the server it joined, trusting only the cluster's server CA,
/// with its own client certificate (system:node:NAME). It notes the local address of its connection, which is the
/// node's InternalIP as the server sees it (K3s's default node-ip is the address it reaches the server from).
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _server;

    public ApiClient(Uri server, byte[] serverCaBundle, X509Certificate2 certificate)
    {
        _server = server;
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = ChainTrust.ForServer(serverCaBundle), ClientCertificates = [certificate] },
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The local address of the last connection made, null before the first.</summary>
    public IPAddress? LocalAddress { get; private set; }

    /// <summary>Sends <paramref name="body"/> (JSON, or a merge patch for PATCH) and returns the status and the answer's JSON.</summary>
    /// <exception cref="HttpRequestException">no connection.</exception>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
            request.Content.Headers.ContentType!.CharSet = null;
        }
        using var response = await _http.SendAsync(request, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        JsonNode? json;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            json = null;
        }
        return (response.StatusCode, json);
    }

    /// <summary>The message of a Status answer, or the status code.</summary>
    public static string Describe(HttpStatusCode status, JsonNode? body) =>
        $"{(int)status} {status}" + (body?["message"] is JsonValue message && message.TryGetValue<string>(out var text) ? ": " + text : "");

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellation);
            if (socket.LocalEndPoint is IPEndPoint local)
            {
                LocalAddress = local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address;
            }
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}
