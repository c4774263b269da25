using k8s.Models;
using PiController.Hub.Api;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Decides an upgrade or a rollback before anything changes: the cluster is Ready and nothing else runs on it; every
/// node is reached (its architecture and hostname read live) and found in the Kubernetes API, its kubelet version read
/// there; no node would be downgraded or skip a minor version; the hub keeps the release for every architecture.
/// Any refusal names the node and the versions, and nothing has changed.
/// </summary>
internal sealed class UpgradePlanner(ClusterStore clusters, ClusterRunner plans, UpgradeRunner runner, UpgradeStore store, ClusterPlanner releases,
    K3sArtifactStore artifacts, NodeStore nodeStore, NodeTransports transports, IClusterApis apis, UpgradeOptions options)
{
    public async Task<UpgradePlan> UpgradeAsync(string name, UpgradeClusterRequest request, CancellationToken cancellationToken)
    {
        var cluster = Idle(name);
        var version = K3sRelease.CheckVersion(request.Version);
        var to = ReleaseVersion.Parse(version) ?? throw new HubException(HubErrorKind.Invalid, $"version {version} is not a K3s release such as v1.33.4+k3s1");
        var concurrency = UpgradeRules.Concurrency(request.Concurrency);
        var drain = UpgradeRules.DrainTimeout(request.DrainTimeoutSeconds);
        var ready = UpgradeRules.ReadyTimeout(request.ReadyTimeoutSeconds, options.ReadyTimeout);
        var kube = new KubeNodeOps(apis.Open(name));
        var kubeNodes = await ListAsync(kube, name, cancellationToken).ConfigureAwait(false);
        var members = clusters.Nodes(name);
        if (members.Count == 0)
        {
            throw new HubException(HubErrorKind.Precondition,
                $"cluster {name} has no nodes the hub reaches through an agent or SSH (an imported cluster's nodes are not the hub's to upgrade); nothing was changed");
        }
        var nodes = new List<UpgradeNodePlan>();
        foreach (var node in Ordered(members))
        {
            var (facts, kubeNode, from) = await LocateAsync(name, node, kubeNodes, cancellationToken).ConfigureAwait(false);
            UpgradeRules.Check(name, node.Target.ToString(), from, to);
            var already = from.SameRelease(to);
            var release = already ? null : releases.Release(version, facts);
            var previous = facts.K3sArch is { } arch ? artifacts.Get(from.Text, arch)?.Files.FirstOrDefault(f => f.Kind == "binary")?.Sha256 : null;
            nodes.Add(new UpgradeNodePlan(node.Target, node.Role, kubeNode, from.Text, release, previous, already));
        }
        if (nodes.All(n => n.AlreadyThere))
        {
            throw new HubException(HubErrorKind.Precondition, $"every node of cluster {name} runs K3s {version} already; nothing to upgrade");
        }
        return new UpgradePlan(name, UpgradeKind.Upgrade, cluster.Version, version, concurrency, drain, ready, nodes);
    }

    public async Task<UpgradePlan> RollbackAsync(string name, RollbackNodeRequest request, CancellationToken cancellationToken)
    {
        var cluster = Idle(name);
        var target = ClusterRules.Targets([request.Node ?? ""], "node")[0];
        var drain = UpgradeRules.DrainTimeout(request.DrainTimeoutSeconds);
        var ready = UpgradeRules.ReadyTimeout(request.ReadyTimeoutSeconds, options.ReadyTimeout);
        var node = clusters.Nodes(name).FirstOrDefault(n => n.Target == target) ?? throw new HubException(HubErrorKind.NotFound,
            $"{target} is not a node of cluster {name}; pi-controller cluster get {name} lists its nodes");
        var last = store.LastUpgradeOf(name, target) ?? throw new HubException(HubErrorKind.Precondition,
            $"no upgrade of cluster {name} has replaced the binary of {target}, so it has no previous binary the hub knows of; nothing was changed");
        var kube = new KubeNodeOps(apis.Open(name));
        var (facts, kubeNode, from) = await LocateAsync(name, node, await ListAsync(kube, name, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var back = last.Plan.From;
        var sha = facts.K3sArch is { } arch ? artifacts.Get(back, arch)?.Files.FirstOrDefault(f => f.Kind == "binary")?.Sha256 : null;
        return new UpgradePlan(name, UpgradeKind.Rollback, from.Text, back, 1, drain, ready, [new UpgradeNodePlan(target, node.Role, kubeNode, from.Text, null, sha, false)]);
    }

    /// <summary>The cluster, when it is Ready and no plan, upgrade or rollback runs on it.</summary>
    private ClusterRecord Idle(string name)
    {
        var cluster = clusters.Get(name) ?? throw new HubException(HubErrorKind.NotFound, $"no cluster {TextRules.Excerpt(name)}; pi-controller cluster ls lists them");
        if (cluster.State != ClusterStates.Ready || plans.IsRunning(name))
        {
            throw new HubException(HubErrorKind.Precondition,
                $"cluster {name} is {cluster.State}{(plans.IsRunning(name) ? " and its plan is running" : "")}: an upgrade needs every node Ready and no plan running; " +
                $"pi-controller cluster get {name} shows where it stands");
        }
        if (runner.Busy(name))
        {
            throw new HubException(HubErrorKind.Conflict, $"an upgrade or rollback of cluster {name} is running; follow it with pi-controller cluster upgrade-status {name}");
        }
        return cluster;
    }

    private static async Task<IReadOnlyList<V1Node>> ListAsync(KubeNodeOps kube, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kube.NodesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Client.KubeUnreachableException || ApiStatus.Of(e) is not null)
        {
            throw new HubException(HubErrorKind.Precondition, $"cluster {name}'s Kubernetes API cannot list its nodes ({ApiStatus.Describe(e)}); nothing was changed");
        }
    }

    private async Task<(NodeFacts Facts, string KubeNode, ReleaseVersion From)> LocateAsync(string name, ClusterNodeRecord node, IReadOnlyList<V1Node> kubeNodes,
        CancellationToken cancellationToken)
    {
        NodeFacts facts;
        try
        {
            await using var transport = await transports.OpenAsync(node.Target, cancellationToken).ConfigureAwait(false);
            var live = await transport.GatherFactsAsync([], cancellationToken).ConfigureAwait(false);
            facts = NodeFacts.Stored(node.Target, nodeStore).With(live, transport.Address);
        }
        catch (NodeUnreachableException e)
        {
            throw new HubException(HubErrorKind.Precondition, $"{node.Target} cannot be reached: {e.Message}; nothing was changed");
        }
        var kubeNode = UpgradeNodeLookup.Find(kubeNodes, node.Target, facts.Hostname, facts.Address) ?? throw new HubException(HubErrorKind.Precondition,
            $"{node.Target} is not a node of cluster {name}'s Kubernetes API (no node has its node-id label, its name {facts.Hostname ?? "(unknown hostname)"} " +
            $"or its address {facts.Address ?? "(unknown)"}); nothing was changed: check pi-controller cluster get {name} and kubectl get nodes");
        var version = KubeNodeOps.KubeletVersion(kubeNode);
        var from = ReleaseVersion.Parse(version) ?? throw new HubException(HubErrorKind.Precondition,
            $"{node.Target} (Kubernetes node {kubeNode.Metadata.Name}) reports kubelet version \"{version}\", not a K3s release; nothing was changed");
        return (facts, kubeNode.Metadata.Name, from);
    }

    /// <summary>Servers first in their order (the first server initialised the cluster), then agents in theirs.</summary>
    private static IEnumerable<ClusterNodeRecord> Ordered(IReadOnlyList<ClusterNodeRecord> nodes) =>
        nodes.Where(n => n.Role == K3sRole.Server).OrderBy(n => n.Ordinal).Concat(nodes.Where(n => n.Role == K3sRole.Agent).OrderBy(n => n.Ordinal));
}
