using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PiController.Hub.Agents;
using PiController.Hub.Hosting;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Resources;
using PiController.KubeApiDouble;
using PiController.Protocol.Link;

namespace PiController.Benchmarks;

/// <summary>
/// GPIO custom resources at fleet scale: an in-process hub managing one cluster served by the Kubernetes API double
/// (real TLS, real watch streams), with in-process agents attached to the hub's registry (<see cref="BenchAgent"/>).
/// Measures the latency from a GPIOPin change written to the API to the agent's pin command, and the time for 1,000
/// GPIOPins across 100 nodes to be Applied: first apply, then after a hub restart with every level flipped while it
/// was down.
/// </summary>
internal static class CustomResourcesBench
{
    private const string Cluster = "bench";
    private const string ApiVersion = "hardware.pi-controller.io/v1";

    public static async Task RunAsync(int nodeCount, int pinsPerNode, int samples, ClusterManagerOptions manager, TextWriter output)
    {
        await using var api = await KubeApiDoubleHost.StartAsync();
        using var kube = api.CreateClient();
        var options = new HubOptions
        {
            DataDirectory = Path.Join(Path.GetTempPath(), "pi-bench-crs", Guid.NewGuid().ToString("N")),
            Address = IPAddress.Loopback,
            Port = LoopbackPort.Free(),
        };
        var nodes = Enumerable.Range(0, nodeCount).Select(i => $"crs-{i:D3}").ToArray();
        var pins = nodes.ToDictionary(n => n, _ => new ConcurrentDictionary<uint, GpioPinState>());
        foreach (var node in nodes)
        {
            api.Store.Create(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject { ["name"] = "k-" + node, ["labels"] = new JsonObject { [NodeMatcher.NodeIdLabel] = node } },
            });
        }
        var hub = await StartHubAsync(options, manager);
        var agents = Attach(hub, nodes, pins);
        try
        {
            foreach (var node in nodes)
            {
                hub.Services.GetRequiredService<NodeStore>().RecordHello(new Hello { NodeId = node, InstanceId = "i-" + node, AgentVersion = "0.1.0", System = new SystemInfo { Hostname = "k-" + node } }, "127.0.0.1");
            }
            var vault = hub.Services.GetRequiredService<ClusterVault>();
            hub.Services.GetRequiredService<ClusterStore>().InsertImported(Cluster, "v1.32.4+k3s1", vault.SealKubeconfig(Cluster, api.Kubeconfig));
            var synced = Stopwatch.StartNew();
            hub.Services.GetRequiredService<IClusterManager>().Refresh(Cluster);
            await WaitAsync(() => hub.Services.GetRequiredService<IClusterManager>().Find(Cluster) is { Synced: true }, "the controller to sync", TimeSpan.FromMinutes(1));
            output.WriteLine($"cluster managed: definitions installed and Established, informers synced in {Seconds(synced.Elapsed)}");

            await LatencyAsync(kube, api, agents[0], nodes[0], samples, output);

            var total = nodeCount * pinsPerNode;
            var first = Stopwatch.StartNew();
            for (var i = 0; i < nodeCount; i++)
            {
                for (var k = 0; k < pinsPerNode; k++)
                {
                    await SendAsync(kube, HttpMethod.Post, "/apis/hardware.pi-controller.io/v1/namespaces/default/gpiopins", Pin($"{nodes[i]}-gpio{4 + k}", "k-" + nodes[i], 4 + k, k % 2 == 0));
                }
            }
            var created = first.Elapsed;
            // The latency pin is past generation 1 by now: only the new ones count.
            await WaitAsync(() => Applied(api, generation: 1) == total, "the first apply", TimeSpan.FromMinutes(15));
            output.WriteLine($"first apply: {total} GPIOPins on {nodeCount} nodes written to the API in {Seconds(created)}, all Applied at generation 1 {Seconds(first.Elapsed)} after the first write");

            await StopHubAsync(hub, agents);
            foreach (var node in nodes)
            {
                for (var k = 0; k < pinsPerNode; k++)
                {
                    var value = k % 2 == 0 ? "low" : "high";
                    await SendAsync(kube, HttpMethod.Patch, $"/apis/hardware.pi-controller.io/v1/namespaces/default/gpiopins/{node}-gpio{4 + k}", Value(value), "application/merge-patch+json");
                }
            }
            var restart = Stopwatch.StartNew();
            hub = await StartHubAsync(options, manager);
            var listening = restart.Elapsed;
            agents = Attach(hub, nodes, pins);
            await WaitAsync(() => hub.Services.GetRequiredService<IClusterManager>().Find(Cluster) is { Synced: true }, "the controller to sync again", TimeSpan.FromMinutes(1));
            var resynced = restart.Elapsed;
            await WaitAsync(() => Applied(api, generation: 2) == total, "every flipped level Applied", TimeSpan.FromMinutes(15));
            var all = restart.Elapsed;
            var flipped = nodes.Sum(n => pins[n].Values.Count(p => p.High == ((p.Bcm - 4) % 2 == 1)));
            output.WriteLine($"hub restart with every level flipped while it was down: listening after {Seconds(listening)}, controller synced after {Seconds(resynced)}, " +
                $"all {total} Applied at generation 2 after {Seconds(all)} ({(total / (all - resynced).TotalSeconds).ToString("N0", CultureInfo.InvariantCulture)} objects/s once synced; {flipped} pins at their new level)");
        }
        finally
        {
            await StopHubAsync(hub, agents);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }

    /// <summary>Watch event to agent command: a GPIOPin's level changed through the API, until the agent is told to drive it.</summary>
    private static async Task LatencyAsync(HttpClient kube, KubeApiDoubleHost api, BenchAgent agent, string node, int samples, TextWriter output)
    {
        const string path = "/apis/hardware.pi-controller.io/v1/namespaces/default/gpiopins/latency";
        await SendAsync(kube, HttpMethod.Post, "/apis/hardware.pi-controller.io/v1/namespaces/default/gpiopins", Pin("latency", "k-" + node, 26, false));
        await WaitAsync(() => Applied(api, generation: 1) == 1, "the latency pin", TimeSpan.FromMinutes(1));
        var latencies = new List<double>();
        for (var i = 0; i < samples + 20; i++)
        {
            var high = i % 2 == 0;
            var commanded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            agent.Commanded = (_, bcm, level) =>
            {
                if (bcm == 26 && level == high)
                {
                    commanded.TrySetResult();
                }
            };
            var started = Stopwatch.GetTimestamp();
            await SendAsync(kube, HttpMethod.Patch, path, Value(high ? "high" : "low"), "application/merge-patch+json");
            await commanded.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= 20)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            // The next change waits until this one is Applied, as a person toggling a pin would.
            await WaitAsync(() => Applied(api, generation: i + 2, name: "latency") == 1, "the latency pin Applied", TimeSpan.FromSeconds(30));
        }
        agent.Commanded = null;
        output.WriteLine($"GPIOPin change written to the API -> the agent's pin command (watch, informer, work queue, projection, reconciler): {Percentiles.Describe(latencies)}");
    }

    private static string Value(string value) => "{\"spec\": {\"value\": \"" + value + "\"}}";

    private static string Pin(string name, string node, int bcm, bool high) => $$"""
        {"apiVersion": "{{ApiVersion}}", "kind": "GPIOPin", "metadata": {"name": "{{name}}", "namespace": "default"},
         "spec": {"node": "{{node}}", "pin": {{bcm}}, "mode": "output", "value": "{{(high ? "high" : "low")}}"} }
        """;

    /// <summary>GPIOPins (of one name, or all) whose status says Applied for exactly this generation.</summary>
    private static int Applied(KubeApiDoubleHost api, long generation, string? name = null) =>
        api.Store.List(ApiVersion, "GPIOPin", "default").Count(o =>
            (name is null || o["metadata"]!["name"]!.GetValue<string>() == name)
            && Number(o["metadata"]!["generation"]) == generation
            && Number(o["status"]?["observedGeneration"]) == generation
            && o["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Applied" && c["status"]?.GetValue<string>() == "True") == true);

    private static long? Number(JsonNode? node) => node is null ? null : long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static List<BenchAgent> Attach(WebApplication hub, string[] nodes, Dictionary<string, ConcurrentDictionary<uint, GpioPinState>> pins)
    {
        var registry = hub.Services.GetRequiredService<AgentRegistry>();
        var queue = hub.Services.GetRequiredService<ReconcileQueue>();
        var agents = nodes.Select(n => new BenchAgent(registry, n, pins[n])).ToList();
        foreach (var node in nodes)
        {
            queue.Enqueue(node);
        }
        return agents;
    }

    private static async Task SendAsync(HttpClient kube, HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await kube.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<WebApplication> StartHubAsync(HubOptions options, ClusterManagerOptions manager)
    {
        var app = HubServer.Build(options, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton(manager);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task StopHubAsync(WebApplication hub, List<BenchAgent> agents)
    {
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
        agents.Clear();
        try
        {
            await hub.StopAsync();
            await hub.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Stopped already (the restart), and disposed again in finally.
        }
    }

    private static async Task WaitAsync(Func<bool> done, string what, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}");
            }
            await Task.Delay(10);
        }
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
