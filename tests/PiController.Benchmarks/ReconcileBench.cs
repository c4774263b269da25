using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.Configuration;
using PiController.Agent.Hardware.Control;
using PiController.Agent.Hardware.Probe;
using PiController.Agent.Link;
using PiController.Agent.Platform;
using PiController.Hub.Agents;
using PiController.Hub.Hosting;
using PiController.Hub.Resources;
using PiController.Hub.Security;
using PiController.Hub.State;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;

namespace PiController.Benchmarks;

/// <summary>
/// Reconciliation at fleet scale: an in-process hub (real Kestrel, TLS, gRPC, SQLite) and N in-process agent link
/// clients, each with its own simulated board, holding M GPIO output resources each. Measures the first apply,
/// then a hub restart with nothing to change (agents report their pins, the hub sends nothing but the lists),
/// then a hub restart after every desired level was flipped while it was down (one write per pin).
/// </summary>
internal static class ReconcileBench
{
    private const string AppliedAtGeneration = """
        SELECT COUNT(*) FROM resources r
        WHERE json_extract(r.status, '$.observedGeneration') = r.generation
          AND EXISTS (SELECT 1 FROM json_each(r.status, '$.conditions') c
                      WHERE json_extract(c.value, '$.type') = 'Applied' AND json_extract(c.value, '$.status') = 'True')
        """;

    private const string AppliedPerNode = """
        SELECT r.node_id FROM resources r
        WHERE json_extract(r.status, '$.observedGeneration') = r.generation
          AND EXISTS (SELECT 1 FROM json_each(r.status, '$.conditions') c
                      WHERE json_extract(c.value, '$.type') = 'Applied' AND json_extract(c.value, '$.status') = 'True')
        GROUP BY r.node_id HAVING COUNT(*) = $per
        """;

    public static async Task RunAsync(int agentCount, int pinsPerAgent, int port)
    {
        var options = new HubOptions
        {
            DataDirectory = Path.Join(Path.GetTempPath(), "pi-bench-reconcile", Guid.NewGuid().ToString("N")),
            Address = IPAddress.Loopback,
            Port = port,
        };
        var total = agentCount * pinsPerAgent;
        var hub = await StartHubAsync(options);
        var database = new HubDatabase(options.DatabasePath);
        var ca = hub.Services.GetRequiredService<CertificateAuthority>().Certificate;
        var joinToken = hub.Services.GetRequiredService<JoinTokenStore>().Create("benchmark", null, null).ToString();
        var agents = new List<(CancellationTokenSource Stop, Task Run, IDisposable Hardware)>();
        try
        {
            var connect = Stopwatch.StartNew();
            for (var i = 0; i < agentCount; i++)
            {
                agents.Add(StartAgent(options, ca, joinToken, $"rec-{i:D3}"));
            }
            await WaitAsync(() => hub.Services.GetRequiredService<AgentRegistry>().Count == agentCount, "agents to connect");
            Console.WriteLine($"{agentCount} agents enrolled and connected in {Seconds(connect.Elapsed)}");

            var resources = hub.Services.GetRequiredService<ResourceService>();
            var first = Stopwatch.StartNew();
            for (var i = 0; i < agentCount; i++)
            {
                for (var k = 0; k < pinsPerAgent; k++)
                {
                    // GPIO4-GPIO23 on the simulated Pi 4: GPIO2/3 are I2C1, GPIO0/1 the HAT EEPROM.
                    var bcm = 4 + k;
                    var document = new ResourceDocument<GpioSpec>(null, $"rec-{i:D3}-gpio{bcm}", new Dictionary<string, string>(), new NodeTarget(Id: $"rec-{i:D3}"),
                        new GpioSpec(bcm.ToString(CultureInfo.InvariantCulture), "output", Value: (k & 1) == 0 ? "high" : "low"));
                    await resources.CreateAsync(ResourceTypes.Gpio.Draft(document), dryRun: false, CancellationToken.None);
                }
            }
            var created = first.Elapsed;
            await WaitAsync(() => database.Count(AppliedAtGeneration) == total, "the first apply");
            Console.WriteLine($"first apply: {total} resources created in {Seconds(created)}, all Applied {Seconds(first.Elapsed)} after the first create ({Rate(total, first.Elapsed)})");

            await StopHubAsync(hub);
            // The statuses are cleared while the hub is down, so that every Applied counted after the restart is the new hub's.
            database.Execute("""UPDATE resources SET status = '{"node":null,"observed":null,"conditions":[],"lastUpdate":null,"observedGeneration":0}'""");
            hub = await MeasureRestartAsync(options, database, agentCount, total, "hub restart, nothing to change");

            await StopHubAsync(hub);
            database.Execute("""
                UPDATE resources SET generation = generation + 1,
                    spec = CASE WHEN spec LIKE '%"value":"high"%' THEN replace(spec, '"value":"high"', '"value":"low"') ELSE replace(spec, '"value":"low"', '"value":"high"') END
                """);
            hub = await MeasureRestartAsync(options, database, agentCount, total, "hub restart, every level flipped while it was down");
        }
        finally
        {
            foreach (var (stop, _, _) in agents)
            {
                await stop.CancelAsync();
            }
            await Task.WhenAll(agents.Select(a => a.Run));
            foreach (var (stop, _, hardware) in agents)
            {
                hardware.Dispose();
                stop.Dispose();
            }
            await StopHubAsync(hub);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }

    private static async Task<WebApplication> MeasureRestartAsync(HubOptions options, HubDatabase database, int agentCount, int total, string what)
    {
        var restart = Stopwatch.StartNew();
        var hub = await StartHubAsync(options);
        var listening = restart.Elapsed;
        var registry = hub.Services.GetRequiredService<AgentRegistry>();
        // Per node: when its agent was back, and when all its resources were Applied at their generation.
        var back = new Dictionary<string, TimeSpan>();
        var applied = new Dictionary<string, TimeSpan>();
        var deadline = TimeSpan.FromMinutes(3);
        while (applied.Count < agentCount && restart.Elapsed < deadline)
        {
            var now = restart.Elapsed;
            for (var i = 0; i < agentCount; i++)
            {
                var node = $"rec-{i:D3}";
                if (!back.ContainsKey(node) && registry.IsConnected(node))
                {
                    back[node] = now;
                }
            }
            foreach (var node in database.Strings(AppliedPerNode.Replace("$per", (total / agentCount).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            {
                applied.TryAdd(node, now);
            }
            await Task.Delay(10);
        }
        if (applied.Count < agentCount || database.Count(AppliedAtGeneration) != total)
        {
            throw new TimeoutException($"{what}: only {applied.Count} of {agentCount} nodes converged");
        }
        var lag = applied.Select(p => (p.Value - back.GetValueOrDefault(p.Key, p.Value)).TotalMilliseconds).ToList();
        Console.WriteLine($"{what}: listening after {Seconds(listening)}, last agent back after {Seconds(back.Values.Max())}, all {total} Applied after {Seconds(applied.Values.Max())}; " +
            $"per node, agent back -> its {total / agentCount} resources Applied: {Percentiles.Describe(lag)}");
        return hub;
    }

    private static (CancellationTokenSource, Task, IDisposable) StartAgent(HubOptions options, System.Security.Cryptography.X509Certificates.X509Certificate2 ca, string joinToken, string nodeId)
    {
        var data = Directory.CreateDirectory(Path.Join(options.DataDirectory, "agents", nodeId)).FullName;
        var hardware = HardwareHost.Create(new AgentOptions { Board = "sim", DataDirectory = data }, SystemRoot.Host, () => SimulatedBoard.Report(nodeId),
            new HardwareEventQueue(), TimeProvider.System, NullLoggerFactory.Instance);
        var hub = new Uri($"https://127.0.0.1:{options.Port}");
        var identity = new AgentIdentity(nodeId, Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim", Hostname = nodeId }, () => new Metrics(), () => SimulatedBoard.Report(nodeId));
        var credentials = new AgentCredentials(Directory.CreateDirectory(Path.Join(data, "link")).FullName, TimeProvider.System);
        var connection = new HubConnection(hub, HubCaSource.Known(hub, ca), identity,
            new CommandDispatcher(new CommandJournal(), TimeProvider.System, hardware), credentials,
            new Enroller(hub, joinToken, nodeId, () => nodeId, credentials), Backoff.LinkReconnect(), TimeProvider.System, NullLogger.Instance);
        var stop = new CancellationTokenSource();
        return (stop, connection.RunAsync(stop.Token), hardware);
    }

    private static async Task<WebApplication> StartHubAsync(HubOptions options)
    {
        var app = HubServer.Build(options, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return app;
    }

    private static async Task StopHubAsync(WebApplication hub)
    {
        hub.Services.GetRequiredService<AgentRegistry>().CloseAll();
        await hub.StopAsync();
        await hub.DisposeAsync();
    }

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"gave up waiting for {what}");
            }
            await Task.Delay(10);
        }
    }

    private static long Count(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        return connection.Number(sql);
    }

    private static List<string> Strings(this HubDatabase database, string sql)
    {
        using var connection = database.Open();
        return connection.Strings(sql);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string Rate(int count, TimeSpan t) => (count / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) + " resources/s";
}
