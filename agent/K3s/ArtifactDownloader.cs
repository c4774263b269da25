using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using PiController.Protocol.Storage;
using PiController.Protocol.Trust;

namespace PiController.Agent.K3s;

/// <summary>
/// Fetches a K3s file the hub keeps (the binary, the air-gap images) by its SHA-256, from the hub only, over the
/// same mTLS as the agent link: the hub's CA pinned from the join token, the node's client certificate presented.
/// The file is written next to its destination as a hidden <c>.NAME.SHA.part</c>, hashed on the way, flushed, and
/// renamed into place only when its SHA-256 is the one asked for; a wrong file is deleted and never moved. An
/// interrupted download resumes from the part already on disk (an HTTP Range request; the part is hashed again).
/// </summary>
internal sealed class ArtifactDownloader : IDisposable
{
    /// <summary>Where K3s loads air-gap images from at start (docs.k3s.io, air-gap install).</summary>
    public const string ImagesDirectory = "/var/lib/rancher/k3s/agent/images";

    private const string Route = "agent/v1/artifacts/";
    private readonly HttpClient _http;

    public ArtifactDownloader(Uri hub, HubTrust trust, X509Certificate2 clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => trust.Validate(certificate, chain, errors),
                // The hub serves artifacts to enrolled nodes only and takes the node id from this certificate.
                ClientCertificates = new X509CertificateCollection { clientCertificate },
            },
        };
        _http = new HttpClient(handler) { BaseAddress = hub, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Puts the file with <paramref name="sha256"/> at <paramref name="destination"/> with <paramref name="mode"/>
    /// (for images: <see cref="ImagesDirectory"/>/NAME; the binary's place is the install step's).
    /// </summary>
    public async Task<ArtifactDownload> DownloadAsync(string sha256, string destination, UnixFileMode mode, CancellationToken cancellationToken)
    {
        if (sha256.Length != 64 || !sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArtifactDownloadException($"\"{sha256}\" is not a SHA-256 (64 lower-case hex digits)");
        }
        var target = Path.GetFullPath(destination);
        var directory = Directory.CreateDirectory(Path.GetDirectoryName(target)!).FullName;
        var part = Path.Join(directory, $".{Path.GetFileName(target)}.{sha256[..16]}.part");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var offset = await HashExistingAsync(part, hash, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, Route + sha256);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ArtifactDownloadException($"cannot reach the hub at {_http.BaseAddress}: {e.InnerException?.Message ?? e.Message}");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The part on disk is longer than the file: not a piece of it. Start over.
                File.Delete(part);
                return await DownloadAsync(sha256, destination, mode, cancellationToken).ConfigureAwait(false);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new ArtifactDownloadException(await RefusalAsync(response, sha256, cancellationToken).ConfigureAwait(false));
            }
            var resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset;
            if (!resumed && offset > 0)
            {
                hash.GetHashAndReset();
                offset = 0;
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (var file = new FileStream(part, new FileStreamOptions
            {
                Mode = resumed ? FileMode.Append : FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                Options = FileOptions.Asynchronous,
            }))
            {
                var buffer = new byte[128 * 1024];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                file.Flush(flushToDisk: true);
            }
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != sha256)
        {
            File.Delete(part);
            throw new ArtifactDownloadException(
                $"the file the hub sent for {sha256[..16]}... has SHA-256 {actual[..16]}...; it was deleted and {target} left as it was");
        }
        File.SetUnixFileMode(part, mode);
        DurableFile.Move(part, target);
        return new ArtifactDownload(new FileInfo(target).Length, offset);
    }

    private static async Task<long> HashExistingAsync(string part, IncrementalHash hash, CancellationToken cancellationToken)
    {
        if (!File.Exists(part))
        {
            return 0;
        }
        await using var existing = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = new byte[128 * 1024];
        int read;
        while ((read = await existing.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        return existing.Length;
    }

    /// <summary>The hub's reason (the detail of its problem document), else the status.</summary>
    private static async Task<string> RefusalAsync(HttpResponseMessage response, string sha256, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.StatusCode}";
        string? detail = null;
        try
        {
            var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var problem = JsonDocument.Parse(text.AsMemory(0, Math.Min(text.Length, 8192)));
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        catch (JsonException)
        {
            // Not a problem document: the status is all there is.
        }
        return response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? $"the hub refused this node the K3s file {sha256[..16]}... ({status}): {detail ?? "not an enrolled node"}"
            : $"the hub could not give the K3s file {sha256[..16]}... ({status}): {detail ?? "no reason given"}";
    }

    public void Dispose() => _http.Dispose();
}
