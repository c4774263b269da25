using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using PiController.Hub.Api;
using PiController.Protocol.Storage;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// One import in progress, in its own staging directory: each file is streamed to disk (never held in memory),
/// hashed on the way, flushed, and compared with the release's checksums file; <see cref="Commit"/> publishes the
/// whole set at once. Disposed without a commit, the staging directory and everything in it is deleted.
/// </summary>
internal sealed class ArtifactImport(K3sArtifactStore store, string staging, string version, string arch, ReleaseChecksums checksums, string source) : IDisposable
{
    private readonly List<K3sArtifactFile> _files = [];
    private bool _committed;

    public string Version => version;

    public string Arch => arch;

    /// <summary>
    /// Copies <paramref name="content"/> into the set as <paramref name="name"/>, refusing a file that is not one the hub
    /// keeps for the architecture, one the checksums file does not list, one larger than <paramref name="maxBytes"/>,
    /// and one whose SHA-256 differs from the listed one.
    /// </summary>
    public async Task<K3sArtifactFile> AddAsync(string name, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var kind = K3sRelease.KindOf(name, arch)
            ?? throw new HubException(HubErrorKind.Invalid, $"{TextRules.Excerpt(name)} is not a K3s file the hub keeps for {arch}; it keeps {K3sRelease.Accepted(arch)}");
        var expected = checksums.Sha256Of(name)
            ?? throw new HubException(HubErrorKind.Invalid,
                $"{name} is not listed in {K3sRelease.Checksums(arch)}; give the checksums file of the same release and architecture as the file ({version}, {arch})");
        if (_files.Any(f => f.Name == name))
        {
            throw new HubException(HubErrorKind.Invalid, $"{name} was given twice; give each file once");
        }
        if (kind == ArtifactKind.Images && _files.Any(f => f.Kind == "images"))
        {
            throw new HubException(HubErrorKind.Invalid, $"give one images tarball per import; {name} is the second");
        }
        var path = Path.Join(staging, name);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = kind == ArtifactKind.Binary ? DurableFile.Public | UnixFileMode.UserExecute : DurableFile.Public,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
        }))
        {
            var buffer = new byte[128 * 1024];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    throw new HubException(HubErrorKind.Invalid, string.Create(CultureInfo.InvariantCulture,
                        $"{name} is larger than {maxBytes / (1024 * 1024)} MiB, the most the hub takes for one K3s file; nothing was imported"));
                }
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            file.Flush(flushToDisk: true);
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expected)
        {
            throw new HubException(HubErrorKind.Invalid,
                $"{name} does not match {K3sRelease.Checksums(arch)}: its SHA-256 is {actual[..16]}..., the release lists {expected[..16]}...; " +
                "the file is damaged or from another release: download it again; nothing was imported");
        }
        var added = new K3sArtifactFile(name, kind == ArtifactKind.Binary ? "binary" : "images", size, actual);
        _files.Add(added);
        return added;
    }

    /// <summary>Writes the checksums file and the manifest, flushes, and renames the set into place.</summary>
    public K3sArtifactSet Commit()
    {
        var binary = K3sRelease.Binary(arch);
        if (!_files.Any(f => f.Name == binary))
        {
            throw new HubException(HubErrorKind.Invalid, $"an import of {version} for {arch} needs the binary {binary}; nothing was imported");
        }
        var set = new K3sArtifactSet(version, arch, [.. _files.OrderBy(f => f.Kind, StringComparer.Ordinal)], store.Time.GetUtcNow(), source);
        DurableFile.Write(Path.Join(staging, K3sRelease.Checksums(arch)), checksums.Text, DurableFile.Public);
        DurableFile.Write(Path.Join(staging, K3sArtifactStore.ManifestFile), JsonSerializer.SerializeToUtf8Bytes(set, ArtifactsJsonContext.Default.K3sArtifactSet), DurableFile.Public);
        store.Publish(staging, version, arch);
        _committed = true;
        return set;
    }

    public void Dispose()
    {
        if (!_committed && Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
