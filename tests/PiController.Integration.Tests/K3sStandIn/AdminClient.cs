using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>
/// A client of a stand-in server's Kubernetes API as kubectl is one: the server, its CA and the client certificate
/// (admin, or any other) taken from a kubeconfig such as k3s.yaml; it trusts only that CA.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private readonly HttpClient _http;

    private AdminClient(HttpClient http) => _http = http;

    /// <summary>A client with the admin certificate of <paramref name="kubeconfig"/> (k3s.yaml), aimed at <paramref name="server"/>.</summary>
    public static AdminClient FromKubeconfig(string kubeconfig, Uri server)
    {
        var lines = File.ReadAllLines(kubeconfig).Select(l => l.Trim()).ToList();
        string Data(string key) => Encoding.ASCII.GetString(Convert.FromBase64String(lines.Single(l => l.StartsWith(key + ": ", StringComparison.Ordinal))[(key.Length + 2)..]));
        var certificate = X509Certificate2.CreateFromPem(Data("client-certificate-data"), Data("client-key-data"));
        return With(server, Encoding.ASCII.GetBytes(Data("certificate-authority-data")), certificate);
    }

    /// <summary>A client presenting <paramref name="certificate"/> (or none) to <paramref name="server"/>, trusting <paramref name="serverCa"/>.</summary>
    public static AdminClient With(Uri server, byte[] serverCa, X509Certificate2? certificate)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(Encoding.ASCII.GetString(serverCa));
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    foreach (var ca in bundle)
                    {
                        (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(ca);
                    }
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return presented is not null && chain.Build(X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
                },
            },
        };
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }
        return new AdminClient(new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) });
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null);
    }

    /// <summary>Sends a request as built by the test (a supervisor route with basic auth).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>GET of an object that must exist.</summary>
    public async Task<JsonNode> GetAsync(string path)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body?.ToJsonString()}");
        return body!;
    }

    /// <summary>The object at <paramref name="path"/> once <paramref name="done"/> holds for it.</summary>
    public Task<JsonNode> EventuallyAsync(string path, Func<JsonNode, bool> done, string what) =>
        Eventually.ReachesAsync(async () => (await SendAsync(HttpMethod.Get, path)).Body ?? new JsonObject(), done, TimeSpan.FromSeconds(60),
            last => $"{what} within 60 s; last seen: {last?.ToJsonString()}");

    /// <summary>status of the condition <paramref name="type"/> of a Node.</summary>
    public static string? Condition(JsonNode node, string type) =>
        (string?)node["kind"] != "Node" ? null : node["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type)?["status"]?.GetValue<string>();

    public void Dispose() => _http.Dispose();
}
