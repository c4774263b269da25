using System.Net;
using PiController.Hub.Api;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// <c>k3s fetch</c>: downloads a release's checksums file, binary and (when asked) images tarball from
/// <c>BASE/VERSION/NAME</c>, as install.sh does from GitHub, into an <see cref="ArtifactImport"/>, so the files are
/// verified and kept exactly like an upload. Only the hub reaches the internet; nodes get the files from the hub.
/// </summary>
internal sealed class K3sReleaseFetcher(K3sArtifactStore store, K3sArtifactLimits limits, HttpMessageHandler handler) : IDisposable
{
    private readonly HttpClient _http = new(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<K3sArtifactSet> FetchAsync(K3sFetchRequest request, CancellationToken cancellationToken)
    {
        var version = K3sRelease.CheckVersion(request.Version);
        var arch = K3sRelease.CheckArch(request.Arch ?? "arm64");
        var checksumsUrl = Url(version, K3sRelease.Checksums(arch));
        byte[] text;
        using (var response = await GetAsync(checksumsUrl, cancellationToken).ConfigureAwait(false))
        {
            if (response.Content.Headers.ContentLength > ReleaseChecksums.MaxBytes)
            {
                throw new HubException(HubErrorKind.Failed, $"{checksumsUrl} is too large to be a K3s checksums file; is --k3s-release-url right?");
            }
            text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        var checksums = ReleaseChecksums.Parse(text, checksumsUrl.ToString());
        using var import = store.BeginImport(version, arch, checksums, $"fetched from {Url(version, "")}");
        var names = request.Images ? new[] { K3sRelease.Binary(arch), K3sRelease.Images(arch) } : [K3sRelease.Binary(arch)];
        foreach (var name in names)
        {
            var url = Url(version, name);
            using var response = await GetAsync(url, cancellationToken).ConfigureAwait(false);
            await using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await import.AddAsync(name, content, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new HubException(HubErrorKind.Unavailable, $"the download of {url} broke off ({Innermost(e).Message}); nothing was kept: run k3s fetch again");
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HubException(HubErrorKind.Unavailable, $"the download of {url} broke off ({e.Message}); nothing was kept: run k3s fetch again");
            }
        }
        return import.Commit();
    }

    private Uri Url(string version, string name) =>
        new(new Uri(limits.ReleaseBaseUrl.ToString().TrimEnd('/') + "/"), Uri.EscapeDataString(version) + "/" + name);

    private async Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HubException(HubErrorKind.Unavailable,
                $"cannot download {url}: {Innermost(e).Message}; without internet on the hub, download the files elsewhere and use pi-controller k3s import");
        }
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new HubException(HubErrorKind.NotFound,
                $"{url} does not exist (404): check the version on https://github.com/k3s-io/k3s/releases and the architecture; nothing was kept");
        }
        if (!response.IsSuccessStatusCode)
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new HubException(HubErrorKind.Unavailable, $"{url} answered {(int)status} {status}; try again later; nothing was kept");
        }
        return response;
    }

    public void Dispose() => _http.Dispose();

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
