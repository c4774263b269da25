using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Hub.State;

namespace PiController.Hub.Tests;

/// <summary>
/// The hub as <c>pi-controller serve</c> composes it (<see cref="HubServer.Build"/>), listening with real TLS on
/// a free loopback port, with its own data directory. Callers talk to it over HTTP/2, as gRPC clients do.
/// </summary>
internal sealed class InProcessHub : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private InProcessHub(TempDirectory directory, WebApplication app, HubOptions options)
    {
        _directory = directory;
        App = app;
        Options = options;
    }

    public WebApplication App { get; }

    public HubOptions Options { get; }

    public string DataDirectory => _directory.Path;

    public HubDatabase Database => App.Services.GetRequiredService<HubDatabase>();

    public static async Task<InProcessHub> StartAsync(Action<IServiceCollection>? services = null)
    {
        var directory = new TempDirectory("pic-hub-tests-");
        directory.ReleaseConnectionsOnDelete();
        var options = new HubOptions { DataDirectory = directory.Path, Address = IPAddress.Loopback, Port = LoopbackPort.Free() };
        var app = HubServer.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new InProcessHub(directory, app, options);
    }

    /// <summary>A new API token with <paramref name="role"/>, made directly in the store.</summary>
    public string Token(string role) => App.Services.GetRequiredService<ApiTokenStore>().Create($"test {role}", role, expires: null);

    /// <summary>An HTTP/2 client that trusts only this hub's CA; with a token, it sends it as a bearer token.</summary>
    public HttpClient Http(string? token = null)
    {
        var http = HubTls.Http(new Uri($"https://127.0.0.1:{Options.Port}"), App.Services.GetRequiredService<CertificateAuthority>().Certificate, token);
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return http;
    }

    /// <summary>A gRPC channel over <see cref="Http"/>: HTTP/2, this hub's CA only, the token as a bearer token.</summary>
    public GrpcChannel Grpc(string? token = null) =>
        GrpcChannel.ForAddress($"https://127.0.0.1:{Options.Port}", new GrpcChannelOptions { HttpClient = Http(token) });

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _directory.Dispose();
    }
}
