using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace PiController.Packaging.Tests;

/// <summary>
/// Talks to a running hub the way a Pi owner would: it trusts the hub's TLS certificate only through the CA whose
/// SHA-256 is in the join token, and reads the admin token from the hub's data directory.
/// </summary>
internal sealed class HubClient(Uri address, string dataDirectory) : IDisposable
{
    private readonly X509Certificate2 _ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Join(dataDirectory, "ca.crt")));
    private HttpClient? _http;

    public Uri Address { get; } = address;

    public string JoinToken => File.ReadAllText(Path.Join(dataDirectory, "join.token")).Trim();

    public string CaFingerprint => Convert.ToHexStringLower(SHA256.HashData(_ca.RawData));

    public string CaPem => _ca.ExportCertificatePem() + "\n";

    public HttpClient Http(string? token = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(_ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        var http = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    /// <summary>Polls the node list until the node is connected (bounded) and returns it.</summary>
    public async Task<JsonElement> WaitForConnectedNodeAsync(string nodeId, TimeSpan timeout, Func<string> context)
    {
        _http ??= Http(File.ReadAllText(Path.Join(dataDirectory, "admin.token")).Trim());
        return await Eventually.ReachesAsync(
            async () => JsonDocument.Parse(await _http.GetStringAsync(new Uri("/api/v1/nodes", UriKind.Relative))).RootElement.EnumerateArray()
                .Where(node => node.GetProperty("nodeId").GetString() == nodeId && node.GetProperty("connected").GetBoolean())
                .Select(node => node.Clone()).FirstOrDefault(),
            node => node.ValueKind == JsonValueKind.Object,
            timeout,
            _ => $"node {nodeId} did not connect within {timeout}\n{context()}",
            TimeSpan.FromMilliseconds(250));
    }

    public void Dispose()
    {
        _http?.Dispose();
        _ca.Dispose();
    }
}
