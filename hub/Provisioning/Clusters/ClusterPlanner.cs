using PiController.Hub.Api;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Builds each node's steps from the cluster's settings and the nodes' facts: the first server (lowest ordinal)
/// initialises the cluster, every other node joins through its address; node names unique in the cluster; labels,
/// kubelet reservations and tls-san from the facts; the release files for the node's architecture from the store.
/// Pure but for reading the artifact store.
/// </summary>
internal sealed class ClusterPlanner(K3sArtifactStore artifacts)
{
    public NodePlan Plan(ClusterRecord cluster, ClusterNodeRecord node, IReadOnlyList<ClusterNodeRecord> nodes,
        IReadOnlyDictionary<string, NodeFacts> facts, ClusterCa ca, ClusterSecrets secrets)
    {
        var own = facts[node.Target.ToString()];
        var servers = nodes.Where(n => n.Role == K3sRole.Server).OrderBy(n => n.Ordinal).ToList();
        var first = servers.FirstOrDefault() ?? throw new HubException(HubErrorKind.Invalid, $"cluster {cluster.Name} has no server; add one with pi-controller cluster add-node {cluster.Name} --server NODE");
        var isFirst = first.Target == node.Target;
        var firstAddress = isFirst ? null : AddressOf(facts[first.Target.ToString()], "the first server");
        var serverAddresses = servers.Select(s => facts[s.Target.ToString()].Address).OfType<string>().Distinct().ToList();
        var otherNames = nodes.Where(n => n.Target != node.Target).Select(n => facts[n.Target.ToString()].Hostname).OfType<string>();
        var (name, nameReason) = K3sNodeName.Choose(own.Hostname, node.Target.Name, otherNames);
        var labels = node.Target.Kind == Transport.NodeTransportKind.Agent ? HardwareLabels.WithNodeId(own.Labels, node.Target.Name) : own.Labels;
        var spec = new K3sNodeSpec(node.Role, name, firstAddress, node.Role == K3sRole.Server ? serverAddresses : [], labels, own.MemoryMegabytes, own.PreferBundledBin);
        var release = Release(cluster.Version, own);
        var steps = K3sInstall.Steps(spec, new K3sClusterSpec(cluster.Config.Disable), release, ca, secrets);
        var defaults = new List<PlanDefault> { new("node-name " + name, nameReason) };
        defaults.AddRange(K3sConfig.Node(spec).Settings.Where(s => s.Key != "node-name").Select(Chosen));
        if (node.Role == K3sRole.Server)
        {
            defaults.AddRange(K3sConfig.Cluster(new K3sClusterSpec(cluster.Config.Disable)).Settings.Select(Chosen));
        }
        return new NodePlan(node.Target, spec, steps, defaults);
    }

    /// <summary>The release files of <paramref name="version"/> for the node's architecture; refused, naming the import, when the hub lacks them.</summary>
    public K3sArtifacts Release(string version, NodeFacts node)
    {
        var arch = node.K3sArch ?? throw new HubException(HubErrorKind.Precondition,
            $"the architecture of {node.Target} is unknown (its agent never reported one, or it could not be reached); connect it and try again");
        var set = artifacts.Get(version, arch) ?? throw new HubException(HubErrorKind.Precondition,
            $"the hub has no K3s {version} for {arch} (needed by {node.Target}); get it with: pi-controller k3s fetch {version} --arch {arch} --images, " +
            $"or on an air-gapped hub: pi-controller k3s import --version {version} --arch {arch} --binary k3s-... --images ... --checksums sha256sum-{arch}.txt");
        var binary = set.Files.FirstOrDefault(f => f.Kind == "binary");
        var images = set.Files.FirstOrDefault(f => f.Kind == "images");
        if (binary is null || images is null)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"the hub keeps K3s {version} for {arch} without its {(binary is null ? "binary" : "air-gap images")}, which nodes need (they have no internet); " +
                $"replace it: pi-controller k3s rm {version} --arch {arch}, then pi-controller k3s fetch {version} --arch {arch} --images (or k3s import with --images)");
        }
        return new K3sArtifacts(binary.Sha256, images.Name, images.Sha256);
    }

    /// <summary>A setting with its value, as the plan lists it: "disable traefik, servicelb", "cluster-init true".</summary>
    private static PlanDefault Chosen(K3sSetting setting) => new(setting.Value switch
    {
        bool flag => $"{setting.Key} {(flag ? "true" : "false")}",
        IReadOnlyList<string> items => $"{setting.Key} {string.Join(", ", items)}",
        var value => $"{setting.Key} {value}",
    }, setting.Reason);

    private static string AddressOf(NodeFacts facts, string what) => facts.Address ?? throw new HubException(HubErrorKind.Precondition,
        $"the address of {what} ({facts.Target}) is unknown; connect its agent (or check the SSH target) and try again");
}
