using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Hub.State;
using PiController.Protocol.Trust;

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
        var directory = new TempDirectory();
        var options = new HubOptions { DataDirectory = directory.Path, Address = IPAddress.Loopback, Port = FreePort() };
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
        var trust = new HubTrust(App.Services.GetRequiredService<CertificateAuthority>().Certificate);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, ch, e) => trust.Validate(c, ch, e) },
        };
        var http = new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{Options.Port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _directory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
