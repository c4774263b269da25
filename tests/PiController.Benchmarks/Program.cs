using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using PiController.Benchmarks;
using PiController.Hub.Security;
using PiController.Protocol.Trust;
using PiController.Testing.Lab;

// Usage: PiController.Benchmarks [--quick] [--agent PATH-TO-AOT-pi-agent] [--security] [--events] [--reconcile] [--discovery (root: network namespaces)] [--provisioning (hosts part: root, systemd-nspawn)] [--custom-resources]
var quick = args.Contains("--quick");
if (args.Contains("--events"))
{
    Console.WriteLine("## Events through the bus to 100 WebSocket clients (hub in process, real TLS and SQLite)");
    await EventsBench.RunAsync(clients: 100, bursts: quick ? [5_000] : [5_000, 20_000], pacedRate: 1_000, pacedFor: TimeSpan.FromSeconds(quick ? 3 : 10));
    return;
}
if (args.Contains("--security"))
{
    var securityPort = LoopbackPort.Free();
    Console.WriteLine("## Enrollment and mTLS (hub as its own process)");
    await SecurityBench.RunAsync(quick ? 100 : 1000, securityPort);
    return;
}
if (args.Contains("--reconcile"))
{
    var reconcilePort = LoopbackPort.Free();
    Console.WriteLine($"## Reconciliation: {(quick ? 20 : 100)} agents x 20 GPIO resources (in-process hub and agents, simulated boards)");
    await ReconcileBench.RunAsync(quick ? 20 : 100, 20, reconcilePort);
    return;
}
if (args.Contains("--provisioning"))
{
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {Environment.OSVersion}");
    Console.WriteLine("## Cluster plans: the hub's own time per node (in-process hub, real TLS and SQLite, nodes that answer at once)");
    await ProvisioningBench.RunAsync(quick ? 5 : 15, Console.Out);
    Console.WriteLine();
    Console.WriteLine("## Cluster plan on whole hosts: 1 server + 9 agents (systemd-nspawn, the agent's .deb, the stand-in k3s)");
    if (HostsProvisioningBench.MissingPrerequisite() is { } missing)
    {
        Console.WriteLine($"(not measured: {missing})");
        return;
    }
    await HostsProvisioningBench.RunAsync(agents: 9, Console.Out);
    return;
}
if (args.Contains("--custom-resources"))
{
    await PiController.Benchmarks.CustomResourcesBenchRuns.RunAsync(quick, Console.Out);
    return;
}
if (args.Contains("--discovery"))
{
    await DiscoveryBench.RunAsync(quick ? 5 : 20, quick ? 3 : 10, Console.Out);
    return;
}
var agentIndex = Array.IndexOf(args, "--agent");
var agentBinary = agentIndex >= 0 ? args[agentIndex + 1] : Environment.GetEnvironmentVariable("PI_AGENT_BINARY");
var seconds = TimeSpan.FromSeconds(quick ? 2 : 5);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {Environment.OSVersion}");
Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

var port = LoopbackPort.Free();

await using var bench = await LinkBench.StartAsync(port);
await bench.ConnectAgentsAsync(1);

// Warm up JIT, TLS session and HTTP/2 connection.
await bench.SequentialAsync("bench-0000", 2000);

Console.WriteLine();
Console.WriteLine("## One agent stream, hub router -> agent -> hub");
var sequential = await bench.SequentialAsync("bench-0000", quick ? 5000 : 20000);
Console.WriteLine($"sequential round trips: {Percentiles.Describe(sequential)} (targets p50 <= 0.5 ms, p99 <= 2 ms)");
foreach (var inFlight in new[] { 64, 256, 1024 })
{
    var (count, elapsed, samples) = await bench.PipelinedAsync(["bench-0000"], inFlight, seconds);
    Console.WriteLine($"pipelined, {inFlight} in flight: {LinkBench.Rate(count, elapsed)} (target >= 20,000), latency {Percentiles.Describe(samples)}");
}

await HardwareBench.RunAsync(bench, quick);

Console.WriteLine();
Console.WriteLine("## 100 agent streams");
await bench.ConnectAgentsAsync(99);
var nodes = Enumerable.Range(0, 100).Select(i => $"bench-{i:D4}").ToArray();
{
    var (count, elapsed, samples) = await bench.PipelinedAsync(nodes, 1, seconds);
    Console.WriteLine($"1 in flight per agent: {LinkBench.Rate(count, elapsed)}, latency {Percentiles.Describe(samples)}");
    (count, elapsed, samples) = await bench.PipelinedAsync(nodes, 8, seconds);
    Console.WriteLine($"8 in flight per agent: {LinkBench.Rate(count, elapsed)}, latency {Percentiles.Describe(samples)}");
}

Console.WriteLine();
Console.WriteLine("## REST API -> agent -> back (POST /api/v1/nodes/{id}/ping, count 1)");
{
    var token = new ApiTokenStore(new PiController.Hub.State.HubDatabase(bench.Options.DatabasePath), TimeProvider.System).Create("bench", ApiRole.Operator, null);
    var trust = new HubTrust(bench.Ca.Certificate);
    using var http = new HttpClient(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, ch, e) => trust.Validate(c, ch, e) },
    }) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var samples = new List<double>();
    for (var i = 0; i < (quick ? 500 : 3000); i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/v1/nodes/bench-0000/ping", new { count = 1 });
        response.EnsureSuccessStatusCode();
        if (i >= 200)
        {
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
    Console.WriteLine($"REST round trips (HTTP/1.1 keep-alive, TLS): {Percentiles.Describe(samples)}");
}

if (agentBinary is { Length: > 0 } && File.Exists(agentBinary))
{
    Console.WriteLine();
    Console.WriteLine("## NativeAOT agent process");
    await AgentProcessBench.RunAsync(bench, agentBinary, quick ? 3 : 10);
}
else
{
    Console.WriteLine();
    Console.WriteLine("(no --agent PATH given: NativeAOT agent size, RSS and connect time not measured)");
}

static string CpuModel() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
    ?? "unknown CPU";
