using System.Text.Json;
using PiController.Hub.Security;
using PiController.Hub.Tests.Cli;

namespace PiController.Hub.Tests.Provisioning;

/// <summary><c>pi-controller k3s import|ls|rm</c>, run in process against a hub as serve composes it.</summary>
public sealed class K3sCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private FakeRelease _release = null!;
    private InProcessHub _hub = null!;
    private HubCli _cli = null!;

    public async Task InitializeAsync()
    {
        _release = new FakeRelease(_directory.Directory("downloads"));
        _hub = await InProcessHub.StartAsync();
        _cli = new HubCli(_hub, _hub.Token(ApiRole.Admin));
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _directory.Dispose();
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] arguments) => _cli.RunAsync(arguments);

    private string[] Import(string binary) =>
        ["k3s", "import", "--version", FakeRelease.Version, "--arch", "arm64", "--binary", binary, "--images", _release.Images, "--checksums", _release.Checksums];

    [Fact]
    public async Task Import_ls_and_rm_keep_list_and_remove_a_release()
    {
        // A binary saved under another name is still the release's k3s-arm64: --binary says what it is.
        var renamed = _directory.File("k3s");
        File.Copy(_release.Binary, renamed);

        var imported = await RunAsync(Import(renamed));
        Assert.Equal((0, ""), (imported.Code, imported.Error));
        Assert.Contains("k3s-airgap-images-arm64.tar.zst", imported.Output, StringComparison.Ordinal);

        var listed = await RunAsync("k3s", "ls", "--json");
        var set = JsonDocument.Parse(listed.Output).RootElement.EnumerateArray().Single();
        Assert.Equal(["k3s-arm64", "k3s-airgap-images-arm64.tar.zst"], set.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var row = (await RunAsync("k3s", "ls")).Output.Split('\n').Single(l => l.Contains(" k3s-arm64 ", StringComparison.Ordinal));
        Assert.Equal(["v1.33.4+k3s1", "arm64", "k3s-arm64", "293.0", "KiB", _release.BinarySha256[..16]], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);

        var removed = await RunAsync("k3s", "rm", FakeRelease.Version);
        Assert.Equal("removed K3s v1.33.4+k3s1 (arm64): k3s-arm64, k3s-airgap-images-arm64.tar.zst\n", removed.Output);
        Assert.StartsWith("No K3s releases on the hub.", (await RunAsync("k3s", "ls")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_file_is_refused_before_anything_is_sent_to_the_hub()
    {
        FakeRelease.Tamper(_release.Images);

        var (code, output, error) = await RunAsync(Import(_release.Binary));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith($"pi-controller: {_release.Images} does not match k3s-airgap-images-arm64.tar.zst in {_release.Checksums} (SHA-256 ", error, StringComparison.Ordinal);
        Assert.EndsWith("download it again. Nothing was sent to the hub\n", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(_hub.DataDirectory, "k3s", FakeRelease.Version)));
    }

    [Fact]
    public async Task A_bad_version_and_a_checksums_file_of_another_architecture_are_refused_with_what_to_do()
    {
        var version = await RunAsync("k3s", "fetch", "1.33.4");
        var amd64 = await RunAsync("k3s", "import", "--version", FakeRelease.Version, "--arch", "amd64", "--binary", _release.Binary, "--checksums", _release.Checksums);

        Assert.StartsWith("pi-controller: version must be a K3s release such as v1.33.4+k3s1, got \"1.33.4\"", version.Error, StringComparison.Ordinal);
        Assert.Equal($"pi-controller: {_release.Checksums} does not list k3s: is it the sha256sum-amd64.txt of v1.33.4+k3s1?\n", amd64.Error);
    }
}
