using System.Security.Cryptography;
using System.Text;
using PiController.Agent.K3s;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Artifacts;

namespace PiController.Integration.Tests;

/// <summary>
/// Nodes get K3s files only from the hub, over mTLS: a real hub on loopback, a node enrolled with a join token,
/// and the agent's <see cref="ArtifactDownloader"/> with that node's certificate.
/// </summary>
public sealed class K3sArtifactDownloadTests : IAsyncLifetime
{
    private const string Version = "v1.33.4+k3s1";
    private readonly byte[] _binary = RandomNumberGenerator.GetBytes(700_000);
    private readonly byte[] _images = RandomNumberGenerator.GetBytes(1_500_000);
    private readonly TempDirectory _node = new();
    private HubHarness _hub = null!;

    private string BinarySha256 => Convert.ToHexStringLower(SHA256.HashData(_binary));

    private string ImagesSha256 => Convert.ToHexStringLower(SHA256.HashData(_images));

    public async Task InitializeAsync()
    {
        _hub = await HubHarness.StartAsync();
        var checksums = ReleaseChecksums.Parse(Encoding.UTF8.GetBytes($"{BinarySha256}  k3s-arm64\n{ImagesSha256}  k3s-airgap-images-arm64.tar.zst\n"), "sha256sum-arm64.txt");
        using var import = _hub.Get<K3sArtifactStore>().BeginImport(Version, "arm64", checksums, "test");
        await import.AddAsync("k3s-arm64", new MemoryStream(_binary), 10_000_000, CancellationToken.None);
        await import.AddAsync("k3s-airgap-images-arm64.tar.zst", new MemoryStream(_images), 10_000_000, CancellationToken.None);
        import.Commit();
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _node.Dispose();
    }

    private async Task<ArtifactDownloader> DownloaderAsync(string nodeId)
    {
        var credentials = await _hub.EnrollAsync(nodeId);
        return new ArtifactDownloader(_hub.Address, _hub.Trust, credentials.Current!);
    }

    private string KeptPath(string name) => Path.Join(_hub.Options.DataDirectory, "k3s", Version, "arm64", name);

    [Fact]
    public async Task An_enrolled_node_downloads_the_binary_and_the_images_by_sha256_into_place()
    {
        using var downloader = await DownloaderAsync("node-dl");
        var binary = Path.Join(_node.Path, "usr", "local", "bin", "k3s");
        var images = Path.Join(_node.Path, "images", "k3s-airgap-images-arm64.tar.zst");

        Assert.Equal(new ArtifactDownload(700_000, 0),
            await downloader.DownloadAsync(BinarySha256, binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, CancellationToken.None));
        await downloader.DownloadAsync(ImagesSha256, images, UnixFileMode.UserRead | UnixFileMode.UserWrite, CancellationToken.None);

        Assert.Equal(_binary, File.ReadAllBytes(binary));
        Assert.Equal(_images, File.ReadAllBytes(images));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(binary));
        Assert.Equal(["k3s"], Directory.EnumerateFiles(Path.GetDirectoryName(binary)!).Select(Path.GetFileName));
        Assert.Equal("/var/lib/rancher/k3s/agent/images", ArtifactDownloader.ImagesDirectory);
    }

    [Fact]
    public async Task A_download_resumes_from_the_part_already_on_disk()
    {
        using var downloader = await DownloaderAsync("node-resume");
        var target = Path.Join(_node.Path, "k3s-airgap-images-arm64.tar.zst");
        File.WriteAllBytes(Path.Join(_node.Path, $".k3s-airgap-images-arm64.tar.zst.{ImagesSha256[..16]}.part"), _images[..600_000]);

        var download = await downloader.DownloadAsync(ImagesSha256, target, UnixFileMode.UserRead | UnixFileMode.UserWrite, CancellationToken.None);

        Assert.Equal(new ArtifactDownload(1_500_000, 600_000), download);
        Assert.Equal(_images, File.ReadAllBytes(target));
        Assert.Equal([target], Directory.EnumerateFiles(_node.Path));
    }

    [Fact]
    public async Task A_part_on_disk_that_is_not_a_piece_of_the_file_is_caught_and_the_next_attempt_starts_over()
    {
        using var downloader = await DownloaderAsync("node-garbage");
        var target = Path.Join(_node.Path, "k3s");
        File.WriteAllBytes(Path.Join(_node.Path, $".k3s.{BinarySha256[..16]}.part"), RandomNumberGenerator.GetBytes(1000));

        await Assert.ThrowsAsync<ArtifactDownloadException>(() => downloader.DownloadAsync(BinarySha256, target, UnixFileMode.UserRead, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_node.Path));

        Assert.Equal(new ArtifactDownload(700_000, 0), await downloader.DownloadAsync(BinarySha256, target, UnixFileMode.UserRead, CancellationToken.None));
        Assert.Equal(_binary, File.ReadAllBytes(target));
    }

    [Fact]
    public async Task A_file_that_arrives_with_another_sha256_is_deleted_and_the_destination_left_as_it_was()
    {
        using var downloader = await DownloaderAsync("node-bad");
        // The hub's copy went bad on its disk after the import: the node's check on arrival is what catches it.
        var kept = File.ReadAllBytes(KeptPath("k3s-arm64"));
        kept[1234] ^= 0x01;
        File.WriteAllBytes(KeptPath("k3s-arm64"), kept);
        var target = Path.Join(_node.Path, "k3s");
        File.WriteAllText(target, "the previous binary");

        var e = await Assert.ThrowsAsync<ArtifactDownloadException>(() =>
            downloader.DownloadAsync(BinarySha256, target, UnixFileMode.UserRead | UnixFileMode.UserWrite, CancellationToken.None));

        Assert.StartsWith($"the file the hub sent for {BinarySha256[..16]}... has SHA-256 ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"it was deleted and {target} left as it was", e.Message, StringComparison.Ordinal);
        Assert.Equal("the previous binary", File.ReadAllText(target));
        Assert.Equal([target], Directory.EnumerateFiles(_node.Path));
    }

    [Fact]
    public async Task A_sha256_the_hub_does_not_keep_is_refused_with_what_to_do()
    {
        using var downloader = await DownloaderAsync("node-unknown");
        var unknown = Convert.ToHexStringLower(SHA256.HashData("nothing"u8));

        var e = await Assert.ThrowsAsync<ArtifactDownloadException>(() =>
            downloader.DownloadAsync(unknown, Path.Join(_node.Path, "k3s"), UnixFileMode.UserRead, CancellationToken.None));

        Assert.Equal($"the hub could not give the K3s file {unknown[..16]}... (404 NotFound): the hub keeps no K3s file with SHA-256 {unknown[..16]}...; pi-controller k3s ls lists what it keeps", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_node.Path));
    }

    [Fact]
    public async Task A_revoked_node_is_refused()
    {
        using var downloader = await DownloaderAsync("node-revoked");
        _hub.Get<NodeService>().Revoke("node-revoked");

        var e = await Assert.ThrowsAsync<ArtifactDownloadException>(() =>
            downloader.DownloadAsync(BinarySha256, Path.Join(_node.Path, "k3s"), UnixFileMode.UserRead, CancellationToken.None));

        Assert.StartsWith($"the hub refused this node the K3s file {BinarySha256[..16]}... (401 Unauthorized): ", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_node.Path));
    }

    [Fact]
    public async Task A_certificate_from_another_CA_does_not_get_past_the_handshake()
    {
        await using var other = await HubHarness.StartAsync();
        var foreign = await other.EnrollAsync("node-foreign");
        using var downloader = new ArtifactDownloader(_hub.Address, _hub.Trust, foreign.Current!);

        var e = await Assert.ThrowsAsync<ArtifactDownloadException>(() =>
            downloader.DownloadAsync(BinarySha256, Path.Join(_node.Path, "k3s"), UnixFileMode.UserRead, CancellationToken.None));

        Assert.StartsWith("cannot reach the hub at", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_node.Path));
    }
}
