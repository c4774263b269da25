using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Tests.Provisioning.Clusters;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// K3s at its edges as the upgrade sees it, over <see cref="TestDoubleNodes"/> and the API double (a test double, not
/// K3s): a node's binary is the release file the hub placed (its SHA-256, looked up in the hub's artifact store);
/// starting or restarting its unit registers the Node in the API double with that release as its kubelet version,
/// Ready, its InternalIP the transport's address; a node listed in <see cref="Broken"/> with a release comes up
/// NotReady on that release. Everything a test wants to assert on is here: which binary each node has, the kept one.
/// </summary>
internal sealed class StandInK3s(TestDoubleNodes nodes, ApiStore api)
{
    public const string Previous = K3sLayout.Binary + ".previous";

    public TestDoubleNodes Nodes => nodes;

    public ApiStore Api => api;

    /// <summary>The hub's artifact store (set once the hub runs): which release a placed binary is.</summary>
    public K3sArtifactStore? Artifacts { get; set; }

    /// <summary>Node and release: that node's K3s never becomes Ready on that release.</summary>
    public ConcurrentDictionary<(string Node, string Version), bool> Broken { get; } = new();

    public string? BinaryOf(string node) => nodes.FilesOf(node).GetValueOrDefault(K3sLayout.Binary);

    public string? PreviousOf(string node) => nodes.FilesOf(node).GetValueOrDefault(Previous);

    public string? VersionOf(string node) => BinaryOf(node) is { } sha ? Artifacts?.Find(sha)?.Set.Version : null;

    /// <summary>The Node object as the API holds it now.</summary>
    public JsonObject Node(string node) => api.Get("v1", "Node", null, node) ?? throw new InvalidOperationException($"no Node {node} in the API double");

    public string KubeletOf(string node) => Node(node)["status"]!["nodeInfo"]!["kubeletVersion"]!.GetValue<string>();

    public bool Cordoned(string node) => Node(node)["spec"]?["unschedulable"]?.GetValue<bool>() == true;

    /// <summary>Called with the node's name each time its unit (re)starts, before its kubelet registers.</summary>
    public Action<string>? Restarting { get; set; }

    /// <summary>The kubelet of <paramref name="node"/> registers (again) on the binary it has now.</summary>
    public void Register(string node, string? address)
    {
        Restarting?.Invoke(node);
        var version = VersionOf(node) ?? "unknown";
        var ready = !Broken.ContainsKey((node, version));
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = ready ? "True" : "False",
                ["reason"] = ready ? "KubeletReady" : "KubeletNotReady",
                ["message"] = ready ? "kubelet is posting ready status" : "container runtime network not ready",
            }),
            ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = version, ["architecture"] = "arm64", ["operatingSystem"] = "linux" },
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = address }, new JsonObject { ["type"] = "Hostname", ["address"] = node }),
        };
        lock (api)
        {
            if (api.Get("v1", "Node", null, node) is { } existing)
            {
                existing["status"] = status;
                api.Update(existing);
                return;
            }
            api.Create(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject { ["name"] = node, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = node } },
                ["spec"] = new JsonObject(),
                ["status"] = status,
            });
        }
    }
}
