using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PiController.Hub.Api;
using PiController.Hub.Security;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// REST: /api/v1/k3s/artifacts. Reading the list needs any token; importing, fetching and removing are admin only
/// (what every node will run as root comes from here). The import is a streamed multipart upload: fields
/// <c>version</c> and <c>arch</c>, then the part <c>checksums</c> (the release's sha256sum-ARCH.txt), then one part
/// <c>file</c> per release file, each written to disk while it arrives and verified by the hub.
/// </summary>
internal static class K3sArtifactsApi
{
    private const int MaxFieldBytes = 256;

    public static RouteGroupBuilder MapK3sArtifactsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/k3s/artifacts").WithTags("k3s");
        group.MapGet("/", (K3sArtifactService artifacts) => TypedResults.Ok(artifacts.List()));
        group.MapPost("/", ImportAsync).RequireAuthorization(HubPolicies.Admin).WithMetadata(StreamedBody.Instance);
        group.MapPost("/fetch", FetchAsync).RequireAuthorization(HubPolicies.Admin);
        group.MapDelete("/{version}", Delete).RequireAuthorization(HubPolicies.Admin);
        return group;
    }

    private static async Task<Created<K3sArtifactSet>> FetchAsync(K3sFetchRequest request, K3sArtifactService artifacts, HttpContext http)
    {
        var set = await artifacts.FetchAsync(request, http.RequestAborted).ConfigureAwait(false);
        AuditTarget.Note(http, $"k3s={set.Version}/{set.Arch}");
        return TypedResults.Created((string?)null, set);
    }

    private static Ok<IReadOnlyList<K3sArtifactSet>> Delete(string version, string? arch, K3sArtifactService artifacts, HttpContext http)
    {
        var removed = artifacts.Delete(version, arch);
        AuditTarget.Note(http, $"k3s={TextRules.Excerpt(version)}/{TextRules.Excerpt(arch ?? "*")}");
        return TypedResults.Ok(removed);
    }

    private static async Task<Created<K3sArtifactSet>> ImportAsync(HttpContext http, K3sArtifactStore store, K3sArtifactLimits limits)
    {
        var cancellationToken = http.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new HubException(HubErrorKind.Invalid,
                "send the import as multipart/form-data: fields version and arch, the part checksums (sha256sum-ARCH.txt), then one part file per release file; pi-controller k3s import does this");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Two files (binary and images) and the small parts; each file is held to MaxFileBytes as it arrives.
            size.MaxRequestBodySize = (2 * limits.MaxFileBytes) + (1024 * 1024);
        }
        var reader = new MultipartReader(boundary, http.Request.Body) { HeadersCountLimit = 16, HeadersLengthLimit = 8 * 1024 };
        string? version = null;
        string? arch = null;
        ArtifactImport? import = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                var field = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value ?? "";
                switch (field)
                {
                    case "version":
                        version = K3sRelease.CheckVersion(await ReadTextAsync(section.Body, MaxFieldBytes, field, cancellationToken).ConfigureAwait(false));
                        break;
                    case "arch":
                        arch = K3sRelease.CheckArch(await ReadTextAsync(section.Body, MaxFieldBytes, field, cancellationToken).ConfigureAwait(false));
                        break;
                    case "checksums" when import is null:
                        if (version is null || arch is null)
                        {
                            throw new HubException(HubErrorKind.Invalid, "send the fields version and arch before the part checksums");
                        }
                        var text = await ReadBytesAsync(section.Body, ReleaseChecksums.MaxBytes, field, cancellationToken).ConfigureAwait(false);
                        import = store.BeginImport(version, arch, ReleaseChecksums.Parse(text, K3sRelease.Checksums(arch)),
                            $"upload from {http.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}");
                        break;
                    case "file":
                        if (import is null)
                        {
                            throw new HubException(HubErrorKind.Invalid, "send the part checksums (the release's sha256sum-ARCH.txt) before the files");
                        }
                        var name = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition?.FileName ?? default).Value ?? "");
                        await import.AddAsync(name, section.Body, limits.MaxFileBytes, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        throw new HubException(HubErrorKind.Invalid,
                            $"unknown part \"{TextRules.Excerpt(field, 40)}\"; an import has the fields version and arch, one part checksums, then parts named file");
                }
            }
            if (import is null)
            {
                throw new HubException(HubErrorKind.Invalid, "the import has no part checksums: send the release's sha256sum-ARCH.txt with the files");
            }
            var set = import.Commit();
            AuditTarget.Note(http, $"k3s={set.Version}/{set.Arch}");
            return TypedResults.Created((string?)null, set);
        }
        catch (BadHttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Kestrel's own limits while the body arrives (the whole upload beyond its cap, a stalled sender).
            throw new HubException(HubErrorKind.Invalid, $"the upload was cut off: {TextRules.Excerpt(e.Message, 120)}; nothing was imported");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is InvalidDataException || e.GetType() == typeof(IOException)))
        {
            // MultipartReader's own complaints (a broken boundary, headers too long); a dropped connection is another type.
            throw new HubException(HubErrorKind.Invalid, $"the upload is not well-formed multipart/form-data ({TextRules.Excerpt(e.Message, 80)}); nothing was imported");
        }
        finally
        {
            import?.Dispose();
        }
    }

    private static async Task<string> ReadTextAsync(Stream body, int max, string field, CancellationToken cancellationToken) =>
        System.Text.Encoding.UTF8.GetString(await ReadBytesAsync(body, max, field, cancellationToken).ConfigureAwait(false)).Trim();

    private static async Task<byte[]> ReadBytesAsync(Stream body, int max, string field, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                throw new HubException(HubErrorKind.Invalid, $"the part {field} is larger than {max} bytes");
            }
        }
        return buffer.ToArray();
    }
}
