using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PiController.Agent.Link;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Protocol.Trust;

namespace PiController.Integration.Tests;

/// <summary>A hub on a loopback port, in this process, on a fake clock that tests move forward.</summary>
internal sealed class HubHarness : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubHarness(WebApplication app, HubOptions options, FakeTimeProvider time)
    {
        _app = app;
        Options = options;
        Time = time;
        Address = new Uri($"https://{options.Address}:{options.Port}");
    }

    public HubOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public Uri Address { get; }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public CertificateAuthority Ca => Get<CertificateAuthority>();

    public HubTrust Trust => new(Ca.Certificate);

    /// <summary>
    /// Starts a hub; with <paramref name="logs"/>, its warnings and errors are kept there too. It listens on loopback,
    /// or on <paramref name="address"/> (a test host lab's bridge, where whole hosts reach it).
    /// </summary>
    public static async Task<HubHarness> StartAsync(LogCapture? logs = null, IPAddress? address = null)
    {
        var options = new HubOptions
        {
            DataDirectory = Path.Join(Path.GetTempPath(), "pi-integration", Guid.NewGuid().ToString("N")),
            Address = address ?? IPAddress.Loopback,
            Port = LoopbackPort.Free(),
        };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = HubServer.Build(options, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        }, time);
        await app.StartAsync();
        return new HubHarness(app, options, time);
    }

    public string NewJoinToken(TimeSpan? ttl = null, int? uses = null) => Get<JoinTokenStore>().Create("test", ttl, uses).ToString();

    public AgentCredentials Credentials(string name) =>
        new(Directory.CreateDirectory(Path.Join(Options.DataDirectory, "agents", name)).FullName, Time);

    public async Task<AgentCredentials> EnrollAsync(string nodeId, string? token = null)
    {
        var credentials = Credentials(nodeId);
        await new Enroller(Address, token ?? NewJoinToken(), nodeId, () => nodeId, credentials).EnrollAsync(Trust, CancellationToken.None);
        return credentials;
    }

    /// <summary>A gRPC channel to the hub, verified against its CA, with an optional client certificate.</summary>
    public GrpcChannel Channel(X509Certificate2? clientCertificate = null) => HubTls.Grpc(Address, Ca.Certificate, clientCertificate: clientCertificate);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Options.DataDirectory, recursive: true);
    }
}
