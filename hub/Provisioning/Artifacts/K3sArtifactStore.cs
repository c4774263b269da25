using System.Text.Json;
using PiController.Hub.Api;
using PiController.Protocol.Storage;

namespace PiController.Hub.Provisioning.Artifacts;

/// <summary>
/// K3s release files in the hub's data directory, one directory per set: <c>k3s/VERSION/ARCH/</c> with the files
/// under their release names, the release's checksums file and <c>manifest.json</c>. A set appears whole or not at
/// all: an import is staged in <c>k3s/.staging/</c>, each file verified and flushed to disk, then the staging
/// directory is renamed into place (one rename(2)); a removal renames the set into <c>k3s/.trash/</c> before
/// deleting it. Whatever a crash leaves in either is deleted when the store opens.
/// </summary>
internal sealed class K3sArtifactStore
{
    public const string ManifestFile = "manifest.json";
    private const string StagingFolder = ".staging";
    private const string TrashFolder = ".trash";
    private readonly Lock _commit = new();

    public K3sArtifactStore(string root, TimeProvider time)
    {
        Root = root;
        Time = time;
        foreach (var leftover in new[] { StagingFolder, TrashFolder }.Select(f => Path.Join(root, f)).Where(Directory.Exists))
        {
            Directory.Delete(leftover, recursive: true);
        }
    }

    public string Root { get; }

    internal TimeProvider Time { get; }

    /// <summary>Every kept set, by version then architecture.</summary>
    public IReadOnlyList<K3sArtifactSet> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }
        return [.. Directory.EnumerateDirectories(Root).Where(d => !Path.GetFileName(d).StartsWith('.'))
            .SelectMany(Directory.EnumerateDirectories)
            .Select(d => Read(d))
            .OfType<K3sArtifactSet>()
            .OrderBy(s => s.Version, StringComparer.Ordinal).ThenBy(s => s.Arch, StringComparer.Ordinal)];
    }

    public K3sArtifactSet? Get(string version, string arch) => Read(SetDirectory(version, arch));

    /// <summary>The kept file whose SHA-256 is <paramref name="sha256"/> (lower-case hex), with its path, or null.</summary>
    public (K3sArtifactSet Set, K3sArtifactFile File, string Path)? Find(string sha256)
    {
        foreach (var set in List())
        {
            if (set.Files.FirstOrDefault(f => f.Sha256 == sha256) is { } file)
            {
                return (set, file, Path.Join(SetDirectory(set.Version, set.Arch), file.Name));
            }
        }
        return null;
    }

    /// <summary>Removes the sets of <paramref name="version"/> (only <paramref name="arch"/>'s if given); NotFound if there is none.</summary>
    public IReadOnlyList<K3sArtifactSet> Delete(string version, string? arch)
    {
        // A cluster that uses a version does not hold it yet: clusters do not exist yet (issue #14, item 2).
        var doomed = List().Where(s => s.Version == version && (arch is null || s.Arch == arch)).ToList();
        if (doomed.Count == 0)
        {
            throw new HubException(HubErrorKind.NotFound, arch is null
                ? $"no K3s artifacts of {version}; pi-controller k3s ls lists what the hub keeps"
                : $"no K3s artifacts of {version} for {arch}; pi-controller k3s ls lists what the hub keeps");
        }
        var trash = Directory.CreateDirectory(Path.Join(Root, TrashFolder)).FullName;
        lock (_commit)
        {
            foreach (var set in doomed)
            {
                var target = Path.Join(trash, Guid.NewGuid().ToString("N"));
                Directory.Move(SetDirectory(set.Version, set.Arch), target);
                DurableFile.SyncDirectoryOf(SetDirectory(set.Version, set.Arch));
                Directory.Delete(target, recursive: true);
            }
            var versionDirectory = Path.Join(Root, version);
            if (Directory.Exists(versionDirectory) && !Directory.EnumerateFileSystemEntries(versionDirectory).Any())
            {
                Directory.Delete(versionDirectory);
            }
        }
        return doomed;
    }

    /// <summary>
    /// Starts an import of <paramref name="version"/> for <paramref name="arch"/>, verified against
    /// <paramref name="checksums"/>; refused at once if the set is kept already.
    /// </summary>
    public ArtifactImport BeginImport(string version, string arch, ReleaseChecksums checksums, string source)
    {
        EnsureAbsent(version, arch);
        var staging = Directory.CreateDirectory(Path.Join(Root, StagingFolder, Guid.NewGuid().ToString("N")),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        return new ArtifactImport(this, staging, version, arch, checksums, source);
    }

    /// <summary>Renames a verified staging directory into place; the last step of <see cref="ArtifactImport.Commit"/>.</summary>
    internal void Publish(string staging, string version, string arch)
    {
        lock (_commit)
        {
            EnsureAbsent(version, arch);
            var target = SetDirectory(version, arch);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(staging, target);
            DurableFile.SyncDirectoryOf(target);
        }
    }

    private void EnsureAbsent(string version, string arch)
    {
        if (Directory.Exists(SetDirectory(version, arch)))
        {
            throw new HubException(HubErrorKind.AlreadyExists,
                $"K3s {version} for {arch} is kept already (pi-controller k3s ls); to replace it, remove it first: pi-controller k3s rm {version} --arch {arch}");
        }
    }

    private string SetDirectory(string version, string arch) => Path.Join(Root, version, arch);

    private static K3sArtifactSet? Read(string directory)
    {
        var manifest = Path.Join(directory, ManifestFile);
        if (!File.Exists(manifest))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(manifest), ArtifactsJsonContext.Default.K3sArtifactSet);
        }
        catch (JsonException)
        {
            // Changed by hand: not served to nodes; k3s rm still removes the directory through its version.
            return null;
        }
    }
}
