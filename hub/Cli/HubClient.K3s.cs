using System.Net.Http.Headers;
using System.Net.Security;
using PiController.Hub.Provisioning.Artifacts;

namespace PiController.Hub.Cli;

/// <summary>K3s artifacts (/api/v1/k3s/artifacts): list, remove, fetch on the hub, and the streamed import.</summary>
internal sealed partial class HubClient
{
    private const string K3sArtifactsPath = "/api/v1/k3s/artifacts";

    public Task<IReadOnlyList<K3sArtifactSet>> ListK3sArtifactsAsync(CancellationToken cancellationToken) =>
        GetAsync(K3sArtifactsPath, HubJsonContext.Default.IReadOnlyListK3sArtifactSet, cancellationToken);

    public Task<IReadOnlyList<K3sArtifactSet>> DeleteK3sArtifactsAsync(string version, string? arch, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{K3sArtifactsPath}/{Escape(version)}{(arch is null ? "" : "?arch=" + Escape(arch))}",
            HubJsonContext.Default.IReadOnlyListK3sArtifactSet, cancellationToken);

    /// <summary>Has the hub download a release; as long as the download takes (no timeout but Ctrl-C).</summary>
    public async Task<K3sArtifactSet> FetchK3sArtifactsAsync(K3sFetchRequest request, CancellationToken cancellationToken)
    {
        using var http = TransferClient();
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Post, $"{K3sArtifactsPath}/fetch")
        {
            Content = JsonContent.Create(request, HubJsonContext.Default.K3sFetchRequest),
        }, cancellationToken, http).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(HubJsonContext.Default.K3sArtifactSet, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException("the hub sent an empty answer to the fetch");
    }

    /// <summary>
    /// Streams the checksums file and the release files to the hub as multipart/form-data, straight from disk
    /// (<paramref name="files"/>: release name and local path); the hub verifies each file again as it arrives.
    /// </summary>
    public async Task<K3sArtifactSet> ImportK3sArtifactsAsync(string version, string arch, byte[] checksums,
        IReadOnlyList<(string ReleaseName, string Path)> files, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(version), "version");
        form.Add(new StringContent(arch), "arch");
        form.Add(new ByteArrayContent(checksums), "checksums", K3sRelease.Checksums(arch));
        foreach (var (name, path) in files)
        {
            var content = new StreamContent(File.OpenRead(path), 128 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "file", name);
        }
        using var http = TransferClient();
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Post, K3sArtifactsPath) { Content = form }, cancellationToken, http).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(HubJsonContext.Default.K3sArtifactSet, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException("the hub sent an empty answer to the import");
    }

    /// <summary>A client like the usual one (the pinned CA, the token) without its 100 s timeout, for transfers of hundreds of MB.</summary>
    private HttpClient TransferClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => _trust.Validate(certificate, chain, errors),
            },
        };
        var http = new HttpClient(handler) { BaseAddress = _settings.Hub, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
        return http;
    }
}
