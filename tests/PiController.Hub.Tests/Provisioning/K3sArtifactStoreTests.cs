using PiController.Hub.Api;
using PiController.Hub.Provisioning.Artifacts;

namespace PiController.Hub.Tests.Provisioning;

public sealed class K3sArtifactStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeRelease _release;
    private readonly K3sArtifactStore _store;

    public K3sArtifactStoreTests()
    {
        _release = new FakeRelease(_directory.Directory("release"));
        _store = new K3sArtifactStore(_directory.File("k3s"), TimeProvider.System);
    }

    public void Dispose() => _directory.Dispose();

    private ReleaseChecksums Checksums => ReleaseChecksums.Parse(File.ReadAllBytes(_release.Checksums), "sha256sum-arm64.txt");

    private async Task<K3sArtifactSet> ImportAsync(params (string Name, string Path)[] files)
    {
        using var import = _store.BeginImport(FakeRelease.Version, "arm64", Checksums, "upload from test");
        foreach (var (name, path) in files)
        {
            await using var content = File.OpenRead(path);
            await import.AddAsync(name, content, 10_000_000, CancellationToken.None);
        }
        return import.Commit();
    }

    private string[] Entries() => Directory.Exists(_store.Root)
        ? [.. Directory.EnumerateFileSystemEntries(_store.Root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(_store.Root, p)).Order(StringComparer.Ordinal)]
        : [];

    [Fact]
    public async Task An_import_keeps_the_verified_files_with_the_checksums_and_a_manifest_under_version_and_arch()
    {
        var set = await ImportAsync(("k3s-arm64", _release.Binary), ("k3s-airgap-images-arm64.tar.zst", _release.Images));

        Assert.Equal(["binary", "images"], set.Files.Select(f => f.Kind));
        Assert.Equal(_release.BinarySha256, set.Files[0].Sha256);
        Assert.Equal(300_000, set.Files[0].Size);
        Assert.Equal("upload from test", set.Source);
        var directory = Path.Join("v1.33.4+k3s1", "arm64");
        Assert.Equal(
            [".staging", "v1.33.4+k3s1", directory, Path.Join(directory, "k3s-airgap-images-arm64.tar.zst"), Path.Join(directory, "k3s-arm64"),
             Path.Join(directory, "manifest.json"), Path.Join(directory, "sha256sum-arm64.txt")],
            Entries());
        Assert.Equal(File.ReadAllBytes(_release.Binary), File.ReadAllBytes(Path.Join(_store.Root, directory, "k3s-arm64")));
        Assert.True(File.GetUnixFileMode(Path.Join(_store.Root, directory, "k3s-arm64")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(set, _store.List().Single() with { Files = set.Files });
        Assert.Equal(set.Files, _store.List().Single().Files);
        Assert.Equal("k3s-airgap-images-arm64.tar.zst", _store.Find(_release.ImagesSha256)?.File.Name);
    }

    [Fact]
    public async Task A_file_that_does_not_match_the_checksums_is_refused_and_nothing_is_kept()
    {
        FakeRelease.Tamper(_release.Images);

        var e = await Assert.ThrowsAsync<HubException>(() => ImportAsync(("k3s-arm64", _release.Binary), ("k3s-airgap-images-arm64.tar.zst", _release.Images)));

        Assert.Equal(HubErrorKind.Invalid, e.Kind);
        Assert.StartsWith("k3s-airgap-images-arm64.tar.zst does not match sha256sum-arm64.txt: its SHA-256 is", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("download it again; nothing was imported", e.Message, StringComparison.Ordinal);
        Assert.Equal([".staging"], Entries());
        Assert.Empty(_store.List());
    }

    [Fact]
    public async Task A_file_the_checksums_do_not_list_or_the_hub_does_not_keep_is_refused()
    {
        File.WriteAllLines(_release.Checksums, [.. File.ReadAllLines(_release.Checksums).Where(l => !l.EndsWith("k3s-arm64", StringComparison.Ordinal))]);

        var unlisted = await Assert.ThrowsAsync<HubException>(() => ImportAsync(("k3s-arm64", _release.Binary)));
        var foreign = await Assert.ThrowsAsync<HubException>(() => ImportAsync(("k3s-images.txt", _release.Binary)));

        Assert.Equal("k3s-arm64 is not listed in sha256sum-arm64.txt; give the checksums file of the same release and architecture as the file (v1.33.4+k3s1, arm64)", unlisted.Message);
        Assert.Equal("k3s-images.txt is not a K3s file the hub keeps for arm64; it keeps k3s-arm64 and k3s-airgap-images-arm64.tar.zst (or .tar.gz, .tar)", foreign.Message);
        Assert.Empty(_store.List());
    }

    [Fact]
    public async Task An_import_without_the_binary_or_over_a_kept_set_is_refused()
    {
        var noBinary = await Assert.ThrowsAsync<HubException>(() => ImportAsync(("k3s-airgap-images-arm64.tar.zst", _release.Images)));
        Assert.Equal("an import of v1.33.4+k3s1 for arm64 needs the binary k3s-arm64; nothing was imported", noBinary.Message);

        await ImportAsync(("k3s-arm64", _release.Binary));
        var again = Assert.Throws<HubException>(() => _store.BeginImport(FakeRelease.Version, "arm64", Checksums, "again"));

        Assert.Equal(HubErrorKind.AlreadyExists, again.Kind);
        Assert.EndsWith("remove it first: pi-controller k3s rm v1.33.4+k3s1 --arch arm64", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_refused_while_it_arrives()
    {
        using var import = _store.BeginImport(FakeRelease.Version, "arm64", Checksums, "test");
        await using var content = File.OpenRead(_release.Binary);

        var e = await Assert.ThrowsAsync<HubException>(() => import.AddAsync("k3s-arm64", content, 200_000, CancellationToken.None));

        Assert.StartsWith("k3s-arm64 is larger than", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("nothing was imported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_version_deletes_its_sets_and_an_unknown_one_is_not_found()
    {
        await ImportAsync(("k3s-arm64", _release.Binary));

        var removed = _store.Delete(FakeRelease.Version, "arm64");

        Assert.Equal("arm64", removed.Single().Arch);
        Assert.Empty(_store.List());
        Assert.Null(_store.Find(_release.BinarySha256));
        Assert.DoesNotContain("v1.33.4+k3s1", Entries());
        var e = Assert.Throws<HubException>(() => _store.Delete(FakeRelease.Version, null));
        Assert.Equal(HubErrorKind.NotFound, e.Kind);
        Assert.Equal("no K3s artifacts of v1.33.4+k3s1; pi-controller k3s ls lists what the hub keeps", e.Message);
    }

    [Fact]
    public void What_a_crash_left_in_staging_or_trash_is_deleted_when_the_store_opens()
    {
        Directory.CreateDirectory(Path.Join(_store.Root, ".staging", "abc"));
        File.WriteAllText(Path.Join(_store.Root, ".staging", "abc", "k3s-arm64"), "half");
        Directory.CreateDirectory(Path.Join(_store.Root, ".trash", "def"));

        var reopened = new K3sArtifactStore(_store.Root, TimeProvider.System);

        Assert.Empty(reopened.List());
        Assert.Empty(Entries());
    }
}
