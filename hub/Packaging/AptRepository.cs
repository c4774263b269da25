using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PiController.Hub.Security;
using PiController.Protocol.Storage;

namespace PiController.Hub.Packaging;

/// <summary>
/// The apt repository the hub serves at /apt/, kept under &lt;data-dir&gt;/apt: .deb files in pool/ (put there by
/// <c>pi-controller apt add</c>, by copying, or from the packages the hub's own Debian package bundles), and the
/// indexes in dists/stable/, rebuilt and signed whenever the pool changed. The tree has the layout scripts/apt-repo
/// writes for any other web server.
/// </summary>
internal sealed partial class AptRepository(string root, Func<AptSigningKey> loadKey, string? bundledPackages, TimeProvider time, ILogger? logger = null) : IDisposable
{
    public const string PublicKeyBinary = "pi-controller.gpg";
    public const string PublicKeyArmored = "pi-controller.asc";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Stamp, DebPackage Package)> _read = new(StringComparer.Ordinal);
    private string? _indexedStamp;
    private AptSigningKey? _key;

    public string Root { get; } = root;

    public string Pool => Path.Join(Root, AptIndex.PoolDirectory);

    public string Dists => Path.Join(Root, "dists", AptIndex.Suite);

    /// <summary>The signing key, created on first use.</summary>
    public AptSigningKey Key
    {
        get
        {
            lock (_gate)
            {
                return _key ??= loadKey();
            }
        }
    }

    /// <summary>
    /// Copies a .deb into the pool under its canonical name (the hub re-indexes on its next request). Through a
    /// temporary name and a rename, so a running hub never indexes half a file.
    /// </summary>
    public DebPackage Add(string debPath)
    {
        var package = DebPackage.Read(debPath);
        Directory.CreateDirectory(Pool);
        var target = Path.Join(Pool, package.PoolFileName);
        var temporary = Path.Join(Pool, $".incoming-{Guid.NewGuid():N}");
        File.Copy(debPath, temporary);
        using (var copied = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            copied.Flush(flushToDisk: true);
        }
        File.SetUnixFileMode(temporary, DurableFile.Public);
        DurableFile.Move(temporary, target);
        return package;
    }

    /// <summary>The packages in the pool, read once per file version.</summary>
    public IReadOnlyList<DebPackage> Packages()
    {
        lock (_gate)
        {
            return [.. PoolFiles().Select(f => ReadCached(f.Path, f.Stamp))];
        }
    }

    /// <summary>Imports bundled packages and rebuilds the indexes if the pool changed since the last build.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            ImportBundled();
            var files = PoolFiles();
            var stamp = string.Join('\n', files.Select(f => f.Stamp));
            if (stamp == _indexedStamp && File.Exists(Path.Join(Dists, "InRelease")))
            {
                return;
            }
            var packages = new List<DebPackage>();
            foreach (var (path, fileStamp) in files)
            {
                try
                {
                    packages.Add(ReadCached(path, fileStamp));
                }
                catch (DebPackageException e)
                {
                    // One bad file must not take the repository down for every Pi: it is left out and named.
                    logger?.LogWarning("apt repository: {File} left out of the index: {Reason}", path, e.Message);
                }
            }
            Build(packages);
            _indexedStamp = stamp;
        }
    }

    /// <summary>
    /// The file behind a request path, or null. Only the files of the repository layout are served: never a
    /// temporary file, never anything outside the tree.
    /// </summary>
    public string? Resolve(string relative)
    {
        if (!ServedPath().IsMatch(relative))
        {
            return null;
        }
        var full = Path.Join(Root, relative);
        return File.Exists(full) ? full : null;
    }

    private void Build(IReadOnlyList<DebPackage> packages)
    {
        var key = Key;
        // A signature older than its key does not verify; the key may have been made a moment ago.
        var now = time.GetUtcNow() < key.Created ? key.Created : time.GetUtcNow();
        var indexes = new List<(string Path, byte[] Content)>();
        var architectures = AptIndex.Architectures(packages);
        foreach (var architecture in architectures)
        {
            var text = Encoding.UTF8.GetBytes(AptIndex.Packages(packages, architecture));
            var relative = $"{AptIndex.Component}/binary-{architecture}/Packages";
            // Uncompressed only: a fleet's repository holds a handful of packages, and apt takes what Release lists.
            indexes.Add((relative, text));
        }
        foreach (var (relative, content) in indexes)
        {
            WriteAtomically(Path.Join(Dists, relative), content);
        }
        var release = AptIndex.Release(architectures, now, indexes);
        WriteAtomically(Path.Join(Dists, "Release"), Encoding.UTF8.GetBytes(release));
        WriteAtomically(Path.Join(Dists, "Release.gpg"), Encoding.ASCII.GetBytes(key.SignDetached(Encoding.UTF8.GetBytes(release), now)));
        WriteAtomically(Path.Join(Dists, "InRelease"), Encoding.UTF8.GetBytes(key.ClearSign(release, now)));
        WriteAtomically(Path.Join(Root, PublicKeyBinary), key.ExportPublicKey());
        WriteAtomically(Path.Join(Root, PublicKeyArmored), Encoding.ASCII.GetBytes(key.ExportArmoredPublicKey()));
    }

    /// <summary>Copies the .deb files the hub's Debian package ships (the agent for every architecture) into the pool once.</summary>
    private void ImportBundled()
    {
        if (bundledPackages is null || !Directory.Exists(bundledPackages))
        {
            return;
        }
        foreach (var deb in Directory.EnumerateFiles(bundledPackages, "*.deb").Order(StringComparer.Ordinal))
        {
            var target = Path.Join(Pool, Path.GetFileName(deb));
            if (!File.Exists(target) || new FileInfo(target).Length != new FileInfo(deb).Length)
            {
                Add(deb);
            }
        }
    }

    private List<(string Path, string Stamp)> PoolFiles()
    {
        if (!Directory.Exists(Pool))
        {
            return [];
        }
        return [.. Directory.EnumerateFiles(Pool, "*.deb")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var info = new FileInfo(path);
                return (path, string.Create(CultureInfo.InvariantCulture, $"{info.Name} {info.Length} {info.LastWriteTimeUtc.Ticks}"));
            })];
    }

    private DebPackage ReadCached(string path, string stamp)
    {
        if (_read.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Package;
        }
        var package = DebPackage.Read(path);
        _read[path] = (stamp, package);
        return package;
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            return;
        }
        DurableFile.Write(path, content, DurableFile.Public);
    }

    /// <summary>The repository's signing key for the hub in <paramref name="dataDirectory"/>, sealed with its secret key.</summary>
    public static AptSigningKey LoadKey(string dataDirectory, SecretBox secrets, TimeProvider time) =>
        AptSigningKey.LoadOrCreate(dataDirectory, secrets, $"Pi-Controller apt repository (hub {Environment.MachineName})", time);

    public void Dispose() => _key?.Dispose();

    [GeneratedRegex(@"^(dists/stable/(InRelease|Release|Release\.gpg|main/binary-[a-z0-9-]+/Packages)|pool/[A-Za-z0-9][A-Za-z0-9.+~_-]*\.deb|pi-controller\.(gpg|asc))$")]
    private static partial Regex ServedPath();
}
