using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Hosting;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>
/// A hub as serve composes it, on a data directory that outlives it (so a test can stop it mid-plan and start
/// another on the same directory), with <see cref="TestDoubleTransportProvider"/> registered for ssh: targets, a
/// short poll interval, and the fake K3s release imported for arm64.
/// </summary>
internal sealed class ClusterHub : IAsyncDisposable
{
    private ClusterHub(WebApplication app, HubOptions options)
    {
        App = app;
        Options = options;
    }

    public WebApplication App { get; }

    public HubOptions Options { get; }

    public static async Task<ClusterHub> StartAsync(string dataDirectory, TestDoubleNodes nodes, TimeSpan? readyTimeout = null)
    {
        var options = new HubOptions { DataDirectory = dataDirectory, Address = IPAddress.Loopback, Port = LoopbackPort.Free() };
        var app = HubServer.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<INodeTransportProvider>(new TestDoubleTransportProvider(nodes));
            builder.Services.AddSingleton(new ClusterRunnerOptions(readyTimeout ?? TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20), 8));
        });
        await app.StartAsync();
        var hub = new ClusterHub(app, options);
        await hub.ImportReleaseAsync(dataDirectory);
        return hub;
    }

    public string Token(string role) => App.Services.GetRequiredService<ApiTokenStore>().Create($"test {role}", role, expires: null);

    public HttpClient Http(string? token = null)
    {
        var http = HubTls.Http(new Uri($"https://127.0.0.1:{Options.Port}"), App.Services.GetRequiredService<CertificateAuthority>().Certificate, token);
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return http;
    }

    public GrpcChannel Grpc(string? token = null) =>
        GrpcChannel.ForAddress($"https://127.0.0.1:{Options.Port}", new GrpcChannelOptions { HttpClient = Http(token) });

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private async Task ImportReleaseAsync(string dataDirectory)
    {
        var store = App.Services.GetRequiredService<K3sArtifactStore>();
        if (store.Get(FakeRelease.Version, "arm64") is not null)
        {
            return;
        }
        var release = new FakeRelease(Path.Join(dataDirectory, "release"), binaryBytes: 1000, imagesBytes: 1000);
        using var import = store.BeginImport(FakeRelease.Version, "arm64", ReleaseChecksums.Parse(File.ReadAllBytes(release.Checksums), "sha256sum-arm64.txt"), "test");
        foreach (var path in new[] { release.Binary, release.Images })
        {
            await using var content = File.OpenRead(path);
            await import.AddAsync(Path.GetFileName(path), content, 10_000_000, CancellationToken.None);
        }
        import.Commit();
    }
}
