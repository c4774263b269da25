using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace PiController.K3sStandIn.Kubelet;

/// <summary>
/// The Node a kubelet registers and the status it posts, as kubelet and K3s write them: the default labels
/// (kubernetes.io/hostname, os, arch and their beta forms; node.kubernetes.io/instance-type k3s), K3s's role labels
/// for servers (control-plane, master, and etcd with embedded etcd), node-label and node-taint, addresses (InternalIP,
/// Hostname), capacity (cpu, memory, pods 110), nodeInfo (the stand-in's version as kubelet and kube-proxy version),
/// and the four conditions kubelet posts. When the kubelet stops, the conditions become Unknown with the node lifecycle
/// controller's reason and message.
/// </summary>
internal static class NodeManifest
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    public static JsonObject Node(NodeSettings node, NodeFacts facts, IPAddress internalIp, string version, DateTimeOffset now)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in node.Labels)
        {
            labels[key] = value;
        }
        foreach (var (key, value) in DefaultLabels(node, facts))
        {
            labels[key] = value;
        }
        var taints = new JsonArray();
        foreach (var (key, value, effect) in node.Taints)
        {
            var taint = new JsonObject { ["key"] = key, ["effect"] = effect };
            if (value is not null)
            {
                taint["value"] = value;
            }
            taints.Add((JsonNode)taint);
        }
        var spec = new JsonObject();
        if (taints.Count > 0)
        {
            spec["taints"] = taints;
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = node.Name, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = Status(node, facts, internalIp, version, now),
        };
    }

    /// <summary>The labels kubelet (and K3s, for a server's roles) sets at every start, on a new Node or an existing one.</summary>
    public static IEnumerable<(string Key, string Value)> DefaultLabels(NodeSettings node, NodeFacts facts)
    {
        yield return ("kubernetes.io/hostname", node.Name);
        yield return ("kubernetes.io/os", "linux");
        yield return ("kubernetes.io/arch", facts.Architecture);
        yield return ("beta.kubernetes.io/os", "linux");
        yield return ("beta.kubernetes.io/arch", facts.Architecture);
        yield return ("node.kubernetes.io/instance-type", "k3s");
        if (node.Server)
        {
            yield return ("node-role.kubernetes.io/control-plane", "true");
            yield return ("node-role.kubernetes.io/master", "true");
        }
        if (node.Etcd)
        {
            yield return ("node-role.kubernetes.io/etcd", "true");
        }
    }

    public static JsonObject Status(NodeSettings node, NodeFacts facts, IPAddress internalIp, string version, DateTimeOffset now)
    {
        var capacity = new JsonObject { ["cpu"] = facts.Cpus.ToString(CultureInfo.InvariantCulture), ["pods"] = "110" };
        if (facts.MemoryKi is { } memory)
        {
            capacity["memory"] = memory;
        }
        var info = new JsonObject
        {
            ["kubeletVersion"] = version,
            ["kubeProxyVersion"] = version,
            ["operatingSystem"] = "linux",
            ["architecture"] = facts.Architecture,
            ["containerRuntimeVersion"] = "",
        };
        foreach (var (key, value) in new[] { ("kernelVersion", facts.KernelVersion), ("osImage", facts.OsImage), ("machineID", facts.MachineId), ("bootID", facts.BootId) })
        {
            info[key] = value ?? "";
        }
        return new JsonObject
        {
            ["capacity"] = capacity,
            ["allocatable"] = capacity.DeepClone(),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = internalIp.ToString() },
                new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
            ["nodeInfo"] = info,
            ["conditions"] = Conditions(now, ready: true),
        };
    }

    /// <summary>The conditions as kubelet posts them while it runs, or as the node lifecycle controller sets them once it stopped posting.</summary>
    public static JsonArray Conditions(DateTimeOffset now, bool ready)
    {
        var time = now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = ready ? status : "Unknown",
            ["lastHeartbeatTime"] = time,
            ["lastTransitionTime"] = time,
            ["reason"] = ready ? reason : "NodeStatusUnknown",
            ["message"] = ready ? message : "Kubelet stopped posting node status.",
        };
        return new JsonArray(
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"));
    }

    /// <summary>A Lease's renewTime: a MicroTime (RFC 3339 with microseconds).</summary>
    public static string MicroTime(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
}
