using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PiController.Hub.Security;
using ApiV1 = PiController.Protocol.Api;

namespace PiController.Hub.Tests.Provisioning;

/// <summary>The import upload, list and removal over REST and gRPC, on a hub as serve composes it.</summary>
public sealed class K3sArtifactsApiTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private FakeRelease _release = null!;
    private InProcessHub _hub = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _release = new FakeRelease(_directory.Directory("release"));
        _hub = await InProcessHub.StartAsync();
        _admin = _hub.Http(_hub.Token(ApiRole.Admin));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _hub.DisposeAsync();
        _directory.Dispose();
    }

    private static MultipartFormDataContent Form(string checksums, params (string Name, string Path)[] files)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(FakeRelease.Version), "version" },
            { new StringContent("arm64"), "arch" },
            { new ByteArrayContent(File.ReadAllBytes(checksums)), "checksums", "sha256sum-arm64.txt" },
        };
        foreach (var (name, path) in files)
        {
            form.Add(new StreamContent(File.OpenRead(path)), "file", name);
        }
        return form;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

    private string[] Kept() => Directory.Exists(Path.Join(_hub.DataDirectory, "k3s"))
        ? [.. Directory.EnumerateFiles(Path.Join(_hub.DataDirectory, "k3s"), "*", SearchOption.AllDirectories)]
        : [];

    [Fact]
    public async Task An_admin_imports_a_release_by_upload_and_lists_it_over_REST_and_gRPC()
    {
        using var response = await _admin.PostAsync("/api/v1/k3s/artifacts",
            Form(_release.Checksums, ("k3s-arm64", _release.Binary), ("k3s-airgap-images-arm64.tar.zst", _release.Images)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var listed = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/k3s/artifacts");
        var set = listed.EnumerateArray().Single();
        Assert.Equal(FakeRelease.Version, set.GetProperty("version").GetString());
        Assert.Equal([_release.BinarySha256, _release.ImagesSha256], set.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("sha256").GetString()));
        Assert.StartsWith("upload from 127.0.0.1", set.GetProperty("source").GetString(), StringComparison.Ordinal);

        using var channel = _hub.Grpc(_hub.Token(ApiRole.Viewer));
        var grpc = await new ApiV1.K3sArtifacts.K3sArtifactsClient(channel).ListK3sArtifactsAsync(new ApiV1.ListK3sArtifactsRequest());
        Assert.Equal(["k3s-arm64", "k3s-airgap-images-arm64.tar.zst"], grpc.Sets.Single().Files.Select(f => f.Name));
        Assert.Equal(1_000_000, grpc.Sets.Single().Files[1].Size);
    }

    [Fact]
    public async Task An_upload_beyond_Kestrels_default_body_limit_of_30_MB_is_taken()
    {
        var large = new FakeRelease(_directory.Directory("large"), binaryBytes: 40_000_000);

        using var response = await _admin.PostAsync("/api/v1/k3s/artifacts", Form(large.Checksums, ("k3s-arm64", large.Binary)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(40_000_000, new FileInfo(Path.Join(_hub.DataDirectory, "k3s", FakeRelease.Version, "arm64", "k3s-arm64")).Length);
    }

    [Fact]
    public async Task A_tampered_upload_is_refused_with_what_to_do_and_nothing_is_kept()
    {
        FakeRelease.Tamper(_release.Binary);

        using var response = await _admin.PostAsync("/api/v1/k3s/artifacts", Form(_release.Checksums, ("k3s-arm64", _release.Binary)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("k3s-arm64 does not match sha256sum-arm64.txt", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Empty(Kept());
    }

    [Fact]
    public async Task An_upload_that_is_not_multipart_is_refused_naming_the_format()
    {
        using var response = await _admin.PostAsync("/api/v1/k3s/artifacts", new StringContent("""{"noSuchField": 1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("send the import as multipart/form-data", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_imports_and_removes()
    {
        using var @operator = _hub.Http(_hub.Token(ApiRole.Operator));

        using var import = await @operator.PostAsync("/api/v1/k3s/artifacts", Form(_release.Checksums, ("k3s-arm64", _release.Binary)));
        using var remove = await @operator.DeleteAsync("/api/v1/k3s/artifacts/v1.33.4%2Bk3s1");

        Assert.Equal(HttpStatusCode.Forbidden, import.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Empty(Kept());
    }

    [Fact]
    public async Task Removing_over_REST_and_gRPC_deletes_the_set_and_an_unknown_version_is_not_found()
    {
        (await _admin.PostAsync("/api/v1/k3s/artifacts", Form(_release.Checksums, ("k3s-arm64", _release.Binary)))).EnsureSuccessStatusCode();

        using var removed = await _admin.DeleteAsync("/api/v1/k3s/artifacts/v1.33.4%2Bk3s1?arch=arm64");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty(Kept());

        using var channel = _hub.Grpc(_hub.Token(ApiRole.Admin));
        var e = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await new ApiV1.K3sArtifacts.K3sArtifactsClient(channel).DeleteK3sArtifactsAsync(new ApiV1.DeleteK3sArtifactsRequest { Version = FakeRelease.Version }));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, e.StatusCode);
        Assert.Equal("no K3s artifacts of v1.33.4+k3s1; pi-controller k3s ls lists what the hub keeps", e.Status.Detail);
    }

    [Fact]
    public async Task The_node_download_route_refuses_a_caller_without_a_node_certificate()
    {
        (await _admin.PostAsync("/api/v1/k3s/artifacts", Form(_release.Checksums, ("k3s-arm64", _release.Binary)))).EnsureSuccessStatusCode();

        using var response = await _admin.GetAsync($"/agent/v1/artifacts/{_release.BinarySha256}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("K3s artifacts are served to enrolled nodes only", await DetailAsync(response), StringComparison.Ordinal);
    }
}
