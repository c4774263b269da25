using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Hosting;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Security;

namespace PiController.Benchmarks;

/// <summary>
/// The hub's own time per node for a cluster plan (issue #14): a real in-process hub (Kestrel, TLS, SQLite, the
/// cluster runner with its default options) whose nodes answer at once (<see cref="ImmediateNodeTransportProvider"/>),
/// so what a plan takes is planning, the database, sealing and events. A plan is created through REST, as the CLI
/// does, and timed until the runner has finished it; the process's CPU time over that span is the hub's CPU.
/// </summary>
internal static class ProvisioningBench
{
    private const string Version = "v1.33.4+k3s1";

    public static async Task RunAsync(int runs, TextWriter output)
    {
        var directory = Path.Join(Path.GetTempPath(), "pi-bench", Guid.NewGuid().ToString("N"));
        var options = new HubOptions { DataDirectory = directory, Address = IPAddress.Loopback, Port = LoopbackPort.Free() };
        var app = HubServer.Build(options, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<INodeTransportProvider>(new ImmediateNodeTransportProvider());
        });
        await app.StartAsync();
        try
        {
            await ImportReleaseAsync(app.Services.GetRequiredService<K3sArtifactStore>());
            var token = app.Services.GetRequiredService<ApiTokenStore>().Create("benchmark", ApiRole.Admin, null);
            using var http = HubTls.Http(new Uri($"https://127.0.0.1:{options.Port}"), app.Services.GetRequiredService<CertificateAuthority>().Certificate, token);
            var runner = app.Services.GetRequiredService<ClusterRunner>();
            var service = app.Services.GetRequiredService<ClusterService>();

            await PlanAsync(http, runner, service, "warmup-1", 0); // JIT, the TLS connection, SQLite's pool
            await PlanAsync(http, runner, service, "warmup-10", 9);
            foreach (var agents in new[] { 0, 9 })
            {
                var nodes = 1 + agents;
                var (creates, walls, cpus) = (new List<double>(), new List<double>(), new List<double>());
                for (var run = 0; run < runs; run++)
                {
                    var (create, wall, cpu) = await PlanAsync(http, runner, service, $"c{nodes}-{run}", agents);
                    creates.Add(create);
                    walls.Add(wall / nodes);
                    cpus.Add(cpu / nodes);
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"1 server + {agents} agents ({nodes} node{(nodes == 1 ? "" : "s")}, {runs} runs): per node: wall median {Median(walls):0.0} ms (min {walls.Min():0.0}, max {walls.Max():0.0}), " +
                    $"hub CPU median {Median(cpus):0.0} ms; per plan: wall median {Median(walls) * nodes:0} ms, of which the create request (cluster CA, sealing) {Median(creates):0} ms (max {creates.Max():0})"));
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Creates a cluster of 1 server and <paramref name="agents"/> agents and waits until its plan ran; the create request's time, the wall and CPU time in ms.</summary>
    private static async Task<(double Create, double Wall, double Cpu)> PlanAsync(HttpClient http, ClusterRunner runner, ClusterService service, string name, int agents)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/api/v1/clusters", new
        {
            name,
            servers = new[] { $"ssh:{name}-s1" },
            agents = Enumerable.Range(1, agents).Select(i => $"ssh:{name}-a{i}").ToArray(),
        });
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"the hub refused the plan: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var create = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        while (runner.IsRunning(name))
        {
            await Task.Delay(1);
        }
        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var state = service.Get(name).State;
        return state == ClusterStates.Ready ? (create, wall, cpu) : throw new InvalidOperationException($"the plan of {name} ended {state}, not ready");
    }

    /// <summary>A made-up arm64 release (random bytes under the real names) so that plans have artifacts to place.</summary>
    private static async Task ImportReleaseAsync(K3sArtifactStore store)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["k3s-arm64"] = RandomNumberGenerator.GetBytes(1000),
            ["k3s-airgap-images-arm64.tar.zst"] = RandomNumberGenerator.GetBytes(1000),
        };
        var checksums = new StringBuilder();
        foreach (var (file, bytes) in files)
        {
            checksums.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(file).Append('\n');
        }
        using var import = store.BeginImport(Version, "arm64", ReleaseChecksums.Parse(Encoding.ASCII.GetBytes(checksums.ToString()), "sha256sum-arm64.txt"), "benchmark");
        foreach (var (file, bytes) in files)
        {
            await using var content = new MemoryStream(bytes);
            await import.AddAsync(file, content, 10_000_000, CancellationToken.None);
        }
        import.Commit();
    }

    private static double Median(List<double> samples) => Percentiles.Of([.. samples.Order()], 50);
}
