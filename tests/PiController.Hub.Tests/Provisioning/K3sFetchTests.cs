using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Provisioning;

/// <summary><c>k3s fetch</c> against a local HTTPS server laid out like K3s's release page.</summary>
public sealed class K3sFetchTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private FakeRelease _release = null!;
    private ReleaseMirror _mirror = null!;
    private InProcessHub _hub = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _release = new FakeRelease(_directory.Directory(Path.Join("mirror", FakeRelease.Version)));
        _mirror = await ReleaseMirror.StartAsync(_directory.File("mirror"));
        _hub = await InProcessHub.StartAsync(services => services.AddSingleton(provider => new K3sReleaseFetcher(
            provider.GetRequiredService<K3sArtifactStore>(),
            new K3sArtifactLimits(_mirror.BaseUrl, K3sArtifactLimits.DefaultMaxFileBytes),
            HubTls.Handler(_mirror.Ca))));
        _admin = _hub.Http(_hub.Token(ApiRole.Admin));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _hub.DisposeAsync();
        await _mirror.DisposeAsync();
        _directory.Dispose();
    }

    private Task<HttpResponseMessage> FetchAsync(bool images) =>
        _admin.PostAsJsonAsync("/api/v1/k3s/artifacts/fetch", new { version = FakeRelease.Version, arch = "arm64", images });

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

    private string[] Kept() => Directory.Exists(Path.Join(_hub.DataDirectory, "k3s"))
        ? [.. Directory.EnumerateFiles(Path.Join(_hub.DataDirectory, "k3s"), "*", SearchOption.AllDirectories)]
        : [];

    [Fact]
    public async Task A_fetched_release_is_verified_and_kept_like_an_import()
    {
        using var response = await FetchAsync(images: true);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var set = (await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal($"fetched from {_mirror.BaseUrl}v1.33.4%2Bk3s1/", set.GetProperty("source").GetString());
        Assert.Equal([_release.BinarySha256, _release.ImagesSha256], set.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("sha256").GetString()));
        var kept = Path.Join(_hub.DataDirectory, "k3s", FakeRelease.Version, "arm64");
        Assert.Equal(File.ReadAllBytes(_release.Images), File.ReadAllBytes(Path.Join(kept, "k3s-airgap-images-arm64.tar.zst")));
        Assert.Equal(File.ReadAllBytes(_release.Checksums), File.ReadAllBytes(Path.Join(kept, "sha256sum-arm64.txt")));
    }

    [Fact]
    public async Task A_tampered_file_on_the_release_page_is_refused_and_nothing_is_kept()
    {
        FakeRelease.Tamper(_release.Images);

        using var response = await FetchAsync(images: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("k3s-airgap-images-arm64.tar.zst does not match sha256sum-arm64.txt", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(Kept());
    }

    [Fact]
    public async Task A_file_missing_from_the_release_page_is_named_and_nothing_is_kept()
    {
        File.Delete(_release.Images);

        using var response = await FetchAsync(images: true);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"{_mirror.BaseUrl}v1.33.4%2Bk3s1/k3s-airgap-images-arm64.tar.zst does not exist (404): check the version on https://github.com/k3s-io/k3s/releases and the architecture; nothing was kept",
            await DetailAsync(response));
        Assert.Empty(Kept());
    }

    [Fact]
    public async Task Without_images_only_the_binary_is_fetched()
    {
        using var response = await FetchAsync(images: false);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["k3s-arm64", "manifest.json", "sha256sum-arm64.txt"], Kept().Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
