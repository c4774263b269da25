using System.Diagnostics;
using System.Globalization;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.Link;
using PiController.Hub.Agents;
using PiController.Hub.Hosting;
using PiController.Hub.Security;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;

namespace PiController.Benchmarks;

/// <summary>
/// Round trips through the real hub (Kestrel, TLS, gRPC) and real agent link clients in one process:
/// the hub's command router -> agent stream -> agent dispatcher -> back.
/// </summary>
internal sealed class LinkBench : IAsyncDisposable
{
    private readonly WebApplication _hub;
    private readonly List<(CancellationTokenSource Stop, Task Run)> _agents = [];

    private LinkBench(WebApplication hub, HubOptions options)
    {
        _hub = hub;
        Options = options;
    }

    public HubOptions Options { get; }

    public AgentRegistry Registry => _hub.Services.GetRequiredService<AgentRegistry>();

    public CertificateAuthority Ca => _hub.Services.GetRequiredService<CertificateAuthority>();

    /// <summary>A reusable join token for the benchmark's agents.</summary>
    public string JoinToken => _joinToken ??= _hub.Services.GetRequiredService<JoinTokenStore>().Create("benchmark", null, null).ToString();

    private string? _joinToken;

    public static async Task<LinkBench> StartAsync(int port)
    {
        var options = new HubOptions
        {
            DataDirectory = Path.Join(Path.GetTempPath(), "pi-bench", Guid.NewGuid().ToString("N")),
            Address = IPAddress.Loopback,
            Port = port,
        };
        var app = HubServer.Build(options, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new LinkBench(app, options);
    }

    public async Task ConnectAgentsAsync(int count)
    {
        var hub = new Uri($"https://127.0.0.1:{Options.Port}");
        var start = _agents.Count;
        for (var i = start; i < start + count; i++)
        {
            var nodeId = $"bench-{i:D4}";
            var identity = new AgentIdentity(nodeId, Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim" }, () => new Metrics(), () => new HardwareReport());
            var data = Path.Join(Options.DataDirectory, "agents", nodeId);
            Directory.CreateDirectory(data);
            var credentials = new AgentCredentials(data, TimeProvider.System);
            var connection = new HubConnection(hub, HubCaSource.Known(hub, Ca.Certificate), identity,
                new CommandDispatcher(new CommandJournal(), TimeProvider.System), credentials,
                new Enroller(hub, JoinToken, nodeId, () => nodeId, credentials), Backoff.LinkReconnect(), TimeProvider.System, NullLogger.Instance);
            var stop = new CancellationTokenSource();
            _agents.Add((stop, connection.RunAsync(stop.Token)));
        }
        var deadline = Stopwatch.StartNew();
        while (Registry.Count < _agents.Count)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"only {Registry.Count} of {_agents.Count} agents connected");
            }
            await Task.Delay(20);
        }
    }

    private static readonly ByteString Payload = ByteString.CopyFrom(new byte[16]);

    public async Task<double> RoundTripAsync(string nodeId)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await Registry.SendAsync(nodeId, new Command { Ping = new Ping { Payload = Payload } }, TimeSpan.FromSeconds(10), CancellationToken.None);
        if (result.OutcomeCase != CommandResult.OutcomeOneofCase.Pong)
        {
            throw new InvalidOperationException(result.ToString());
        }
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Sequential round trips on one node: latency.</summary>
    public async Task<List<double>> SequentialAsync(string nodeId, int count)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            samples.Add(await RoundTripAsync(nodeId));
        }
        return samples;
    }

    /// <summary>Keeps <paramref name="inFlight"/> commands outstanding per node for <paramref name="duration"/>.</summary>
    public async Task<(long Commands, double Seconds, List<double> Samples)> PipelinedAsync(IReadOnlyList<string> nodes, int inFlight, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long total = 0;
        var samples = new List<double>();
        var gate = new Lock();
        var started = Stopwatch.GetTimestamp();
        var workers = nodes.SelectMany(node => Enumerable.Range(0, inFlight).Select(async _ =>
        {
            var local = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                local.Add(await RoundTripAsync(node));
            }
            lock (gate)
            {
                total += local.Count;
                samples.AddRange(local.Where((_, i) => i % 10 == 0));
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return (total, Stopwatch.GetElapsedTime(started).TotalSeconds, samples);
    }

    public static string Rate(long commands, double seconds) => (commands / seconds).ToString("N0", CultureInfo.InvariantCulture) + " commands/s";

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, _) in _agents)
        {
            await stop.CancelAsync();
        }
        await Task.WhenAll(_agents.Select(a => a.Run));
        await _hub.StopAsync();
        await _hub.DisposeAsync();
        Directory.Delete(Options.DataDirectory, recursive: true);
    }
}
