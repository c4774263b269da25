using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.Link;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;
using PiController.Protocol.Trust;

namespace PiController.Benchmarks;

/// <summary>
/// Enrollment throughput (one by one and 50 at a time) and the reconnect storm after a hub restart, against the
/// hub binary as its own process; plus what the client certificate adds to a TLS handshake.
/// </summary>
internal static class SecurityBench
{
    public static async Task RunAsync(int agents, int port)
    {
        var data = Path.Join(Path.GetTempPath(), "pi-bench-security", Guid.NewGuid().ToString("N"));
        using var hub = new HubProcess(Path.Join(data, "hub"), port);
        await hub.StartAsync();
        var token = (await File.ReadAllTextAsync(Path.Join(hub.DataDirectory, "join.token"))).Trim();
        var trust = new HubTrust(HubTrust.LoadCertificatePem(Path.Join(hub.DataDirectory, "ca.crt")));

        // Phase 1 enrolls `agents` one by one, phase 2 another `agents` 50 at a time; the first set then connects.
        var credentials = new AgentCredentials[agents * 2];
        async Task Enroll(int i)
        {
            credentials[i] = new AgentCredentials(Directory.CreateDirectory(Path.Join(data, "agents", $"e{i:D4}")).FullName, TimeProvider.System);
            await new Enroller(hub.Address, token, $"e{i:D4}", () => "bench", credentials[i]).EnrollAsync(trust, CancellationToken.None);
        }

        var (elapsed, cpu) = await Measure(hub, async () =>
        {
            for (var i = 0; i < agents; i++)
            {
                await Enroll(i);
            }
        });
        Report($"enroll {agents} agents one by one", agents, elapsed, cpu, hub);

        (elapsed, cpu) = await Measure(hub, async () =>
        {
            using var gate = new SemaphoreSlim(50);
            await Task.WhenAll(Enumerable.Range(agents, agents).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    await Enroll(i);
                }
                finally
                {
                    gate.Release();
                }
            }));
        });
        Report($"enroll {agents} agents 50 at a time", agents, elapsed, cpu, hub);

        await HandshakeCostAsync(hub, trust, credentials[0].Current!);

        // Every agent connected with mTLS; then the hub restarts and they all come back by themselves.
        using var stop = new CancellationTokenSource();
        var connected = 0;
        var runs = new List<Task>();
        for (var i = 0; i < agents; i++)
        {
            var nodeId = $"e{i:D4}";
            var connection = new HubConnection(hub.Address, HubCaSource.Known(hub.Address, trust.Ca),
                new AgentIdentity(nodeId, Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim" }, () => new Metrics(), () => new HardwareReport()),
                new CommandDispatcher(new CommandJournal(), TimeProvider.System), credentials[i], null,
                new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), Random.Shared), TimeProvider.System, NullLogger.Instance);
            connection.Connected += () => Interlocked.Increment(ref connected);
            runs.Add(connection.RunAsync(stop.Token));
        }
        await WaitFor(() => Volatile.Read(ref connected) >= agents, TimeSpan.FromMinutes(3));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{agents} agents connected over mTLS: hub RSS {hub.RssMegabytes:0} MB"));

        await hub.StopAsync();
        var before = Volatile.Read(ref connected);
        var restart = Stopwatch.StartNew();
        await hub.StartAsync();
        var cpuBefore = hub.CpuTime;
        var startedAt = restart.Elapsed;
        await WaitFor(() => Volatile.Read(ref connected) - before >= agents, TimeSpan.FromMinutes(3));
        var storm = restart.Elapsed - startedAt;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reconnect storm after a hub restart: all {agents} back {storm.TotalSeconds:0.0} s after the hub listened (backoff with full jitter, cap 30 s); hub CPU {(hub.CpuTime - cpuBefore).TotalSeconds:0.00} s, RSS {hub.RssMegabytes:0} MB"));

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        await hub.StopAsync();
        Directory.Delete(data, recursive: true);
    }

    /// <summary>TLS handshakes to the hub with and without a client certificate: the cost mTLS adds per reconnect.</summary>
    private static async Task HandshakeCostAsync(HubProcess hub, HubTrust trust, X509Certificate2 client)
    {
        async Task<List<double>> Handshakes(X509Certificate2? certificate, int count)
        {
            var samples = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var ssl = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, c, ch, e) => trust.Validate(c, ch, e),
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                };
                if (certificate is not null)
                {
                    ssl.ClientCertificates = new X509CertificateCollection { certificate };
                }
                using var handler = new SocketsHttpHandler { SslOptions = ssl };
                using var http = new HttpClient(handler) { DefaultRequestVersion = new Version(2, 0), DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(new Uri(hub.Address, "/cacerts"));
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return samples.Skip(20).ToList();
        }
        var without = await Handshakes(null, 220);
        var with = await Handshakes(client, 220);
        Console.WriteLine($"new TLS connection + request, no client certificate: {Percentiles.Describe(without)}");
        Console.WriteLine($"new TLS connection + request, with client certificate (mTLS): {Percentiles.Describe(with)}");
    }

    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> Measure(HubProcess hub, Func<Task> work)
    {
        var cpu = hub.CpuTime;
        var clock = Stopwatch.StartNew();
        await work();
        return (clock.Elapsed, hub.CpuTime - cpu);
    }

    private static void Report(string what, int count, TimeSpan elapsed, TimeSpan cpu, HubProcess hub) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {elapsed.TotalSeconds:0.00} s ({count / elapsed.TotalSeconds:0} enrollments/s, {elapsed.TotalMilliseconds / count:0.0} ms each); hub CPU {cpu.TotalSeconds:0.00} s ({cpu.TotalMilliseconds / count:0.0} ms per enrollment), hub RSS {hub.RssMegabytes:0} MB"));

    private static async Task WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not reached within {timeout}");
            }
            await Task.Delay(50);
        }
    }
}
