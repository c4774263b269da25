using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Agents;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Resources;
using PiController.Hub.Tests.Resources;
using PiController.KubeApiDouble;
using Link = PiController.Protocol.Link;

namespace PiController.Hub.Tests.Kube.CustomResources;

/// <summary>
/// A hub in process that manages one imported cluster, the Kubernetes API double, with one Kubernetes node
/// (<see cref="KubeNode"/>, labelled with the hub node id <see cref="NodeId"/>) whose agent is a scripted one on the
/// hub's registry: what a GPIOPin drives shows in <see cref="Agent"/>'s pins.
/// </summary>
internal sealed class CustomResourceLab : IAsyncDisposable
{
    public const string Cluster = "lab";
    public const string NodeId = "node-a";
    public const string KubeNode = "pi-a";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private Dictionary<uint, Link.GpioPinState> _held = [];

    private CustomResourceLab(KubeApiDoubleHost api, InProcessHub hub, HttpClient kube)
    {
        Api = api;
        Hub = hub;
        Kube = kube;
    }

    public KubeApiDoubleHost Api { get; }

    public InProcessHub Hub { get; }

    /// <summary>A client of the double with the admin certificate.</summary>
    public HttpClient Kube { get; }

    public ScriptedAgent? Agent { get; private set; }

    public static async Task<CustomResourceLab> StartAsync(Action<IServiceCollection>? services = null)
    {
        var api = await KubeApiDoubleHost.StartAsync();
        var hub = await InProcessHub.StartAsync(s =>
        {
            s.AddSingleton(new ClusterManagerOptions(2, TimeSpan.FromMinutes(10), 1000, 1000, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)));
            services?.Invoke(s);
        });
        var lab = new CustomResourceLab(api, hub, api.CreateClient());
        hub.App.Services.GetRequiredService<NodeStore>().RecordHello(
            new Link.Hello { NodeId = NodeId, InstanceId = "instance-a", AgentVersion = "0.1.0", System = new Link.SystemInfo { Hostname = KubeNode, Board = "sim" } }, "10.77.0.1");
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = KubeNode, ["labels"] = new JsonObject { [NodeMatcher.NodeIdLabel] = NodeId, ["kubernetes.io/hostname"] = KubeNode } },
        };
        await lab.SendAsync(HttpMethod.Post, "/api/v1/nodes", node.ToJsonString());
        lab.ConnectAgent();
        var vault = hub.App.Services.GetRequiredService<ClusterVault>();
        hub.App.Services.GetRequiredService<ClusterStore>().InsertImported(Cluster, "v1.32.4+k3s1", vault.SealKubeconfig(Cluster, api.Kubeconfig));
        hub.App.Services.GetRequiredService<IClusterManager>().Refresh(Cluster);
        await Eventually.TrueAsync(() => Task.FromResult(hub.App.Services.GetRequiredService<IClusterManager>().Find(Cluster) is { Synced: true }),
            Patience, "the cluster's controller to install the definitions and sync");
        return lab;
    }

    /// <summary>
    /// Attaches a scripted agent for the node, holding the pins the last one held (an agent keeps its pins across a
    /// reconnect), and queues the node, as the link does when an agent connects.
    /// </summary>
    public void ConnectAgent()
    {
        Agent = new ScriptedAgent(Hub.App.Services.GetRequiredService<AgentRegistry>(), NodeId);
        foreach (var (bcm, pin) in _held)
        {
            Agent.Pins[bcm] = pin;
        }
        Hub.App.Services.GetRequiredService<ReconcileQueue>().Enqueue(NodeId);
    }

    public async Task DisconnectAgentAsync()
    {
        _held = new Dictionary<uint, Link.GpioPinState>(Agent!.Pins);
        await Agent.DisposeAsync();
        Agent = null;
        Hub.App.Services.GetRequiredService<ReconcileQueue>().Enqueue(NodeId);
    }

    public static string Path(string plural, string? name = null) =>
        $"/apis/hardware.pi-controller.io/v1/namespaces/default/{plural}" + (name is null ? "" : "/" + name);

    /// <summary>A request to the double that must succeed; its answer as JSON (null for none).</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var response = await Kube.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>The object, or null when the API answers 404.</summary>
    public async Task<JsonObject?> GetAsync(string path)
    {
        using var response = await Kube.GetAsync(path);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Waits until the object's status meets <paramref name="done"/> and returns the object.</summary>
    public async Task<JsonObject> StatusAsync(string path, Func<JsonObject, bool> done, string what) =>
        (await Eventually.ReachesAsync(() => GetAsync(path), last => last is not null && done(last), Patience,
            last => $"{what} (last seen: {last?["status"]?.ToJsonString() ?? "no object"})"))!;

    public static string? Condition(JsonObject cr, string type, string field = "status") =>
        cr["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?[field]?.GetValue<string>();

    public static long ObservedGeneration(JsonObject cr) => cr["status"]?["observedGeneration"]?.GetValue<long>() ?? 0;

    public static long Generation(JsonObject cr) => cr["metadata"]!["generation"]!.GetValue<long>();

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }
        await Hub.DisposeAsync();
        Kube.Dispose();
        await Api.DisposeAsync();
    }
}
