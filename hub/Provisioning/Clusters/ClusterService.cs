using PiController.Hub.Api;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// The clusters API behind REST and gRPC: plans are checked whole before anything is stored (a refused request
/// stores nothing), stored with their secrets sealed, and handed to <see cref="ClusterRunner"/>; answers never
/// hold a secret, but for <see cref="Kubeconfig"/> (admin only). A plan that would change a cluster while other work
/// runs on it (<see cref="IClusterWork"/>: an upgrade) is refused with 409 until that work ends.
/// </summary>
internal sealed class ClusterService(ClusterStore store, ClusterVault vault, ClusterRunner runner, ClusterPlanner planner, K3sArtifactStore artifacts, NodeStore nodes,
    NodeTransports transports, ClusterDryRun dryRun, ClusterEvents events, IEnumerable<IClusterWork> work, TimeProvider time)
{
    public Task<ClusterPlanView> PlanAsync(CreateClusterRequest request, CancellationToken cancellationToken)
    {
        var (name, servers, agents, version, disable) = Check(request);
        return dryRun.PlanAsync(name, servers, agents, version, disable, cancellationToken);
    }

    public ClusterView Create(CreateClusterRequest request)
    {
        var (name, servers, agents, version, disable) = Check(request);
        var sealedTrust = vault.SealTrust(name, ClusterCa.Create(time.GetUtcNow()), ClusterSecrets.Generate());
        using (var transaction = store.Database.Begin())
        {
            store.Insert(name, version, new ClusterConfig(disable), request.Fix, sealedTrust);
            var ordinal = 0;
            foreach (var server in servers)
            {
                store.AddNode(name, server, K3sRole.Server, ordinal++);
            }
            foreach (var agent in agents)
            {
                store.AddNode(name, agent, K3sRole.Agent, ordinal++);
            }
            transaction.Commit();
        }
        runner.Kick(name);
        return Get(name);
    }

    public IReadOnlyList<ClusterView> List() => [.. store.List().Select(c => View(c, withSteps: false))];

    public ClusterView Get(string name) => View(Require(name), withSteps: true);

    public ClusterView AddNodes(string name, AddClusterNodesRequest request)
    {
        var cluster = Busy(Require(name));
        var servers = ClusterRules.Targets(request.Servers, "server");
        var agents = ClusterRules.Targets(request.Agents, "agent");
        if (servers.Count + agents.Count == 0)
        {
            throw new HubException(HubErrorKind.Invalid, "name the nodes to add with --server NODE or --agent NODE");
        }
        var current = store.Nodes(name);
        ClusterRules.ServerCount(current.Count(n => n.Role == K3sRole.Server) + servers.Count, $"cluster {name}");
        ClusterRules.Unique([.. servers, .. agents], store);
        Reachable([.. servers, .. agents]);
        CheckRelease(cluster.Version, [.. servers, .. agents]);
        using (var transaction = store.Database.Begin())
        {
            var ordinal = current.Count == 0 ? 0 : current.Max(n => n.Ordinal) + 1;
            foreach (var (target, role) in servers.Select(s => (s, K3sRole.Server)).Concat(agents.Select(a => (a, K3sRole.Agent))))
            {
                store.AddNode(name, target, role, ordinal++);
            }
            store.SetState(name, ClusterStates.Creating, request.Fix ? true : null);
            transaction.Commit();
        }
        runner.Kick(name);
        return Get(name);
    }

    public ClusterView RemoveNode(string name, string node)
    {
        Busy(Require(name));
        var target = ClusterRules.Targets([node], "node")[0];
        var nodesNow = store.Nodes(name);
        var leaving = nodesNow.FirstOrDefault(n => n.Target == target) ?? throw new HubException(HubErrorKind.NotFound,
            $"{target} is not a node of cluster {name}; pi-controller cluster get {name} lists its nodes");
        if (leaving.Role == K3sRole.Server)
        {
            var servers = nodesNow.Count(n => n.Role == K3sRole.Server) - 1;
            if (servers == 0)
            {
                throw new HubException(HubErrorKind.Precondition, $"{target} is the last server of cluster {name}; to remove every node, delete the cluster: pi-controller cluster delete {name}");
            }
            ClusterRules.ServerCount(servers, $"cluster {name}");
        }
        store.SetNodeState(name, target, ClusterStates.NodeRemoving);
        store.SetState(name, ClusterStates.Creating);
        runner.Kick(name);
        return Get(name);
    }

    public ClusterView Delete(string name)
    {
        var cluster = Require(name);
        if (cluster.Origin == ClusterOrigins.Imported)
        {
            // The hub did not install it, so it does not uninstall it: it forgets it (the cluster manager stops on the event).
            var view = View(cluster, withSteps: false);
            store.Delete(name);
            events.Changed(name, "deleted", "forgotten: the cluster was imported, so K3s keeps running on its nodes and the hub no longer manages it");
            return view with { State = "deleted" };
        }
        Idle(cluster);
        store.SetState(name, ClusterStates.Deleting);
        runner.Kick(name);
        return Get(name);
    }

    public ClusterView Resume(string name, bool fix)
    {
        var cluster = Idle(Built(Require(name)));
        if (cluster.State == ClusterStates.Deleting)
        {
            throw new HubException(HubErrorKind.Precondition, $"cluster {name} is being deleted; run pi-controller cluster delete {name} again to retry the deletion");
        }
        store.SetState(name, ClusterStates.Creating, fix ? true : null);
        runner.Kick(name);
        return Get(name);
    }

    public KubeconfigView Kubeconfig(string name)
    {
        Require(name);
        var sealedKubeconfig = store.SealedKubeconfig(name) ?? throw new HubException(HubErrorKind.Precondition,
            $"cluster {name} has no kubeconfig yet: its first server is not Ready (pi-controller cluster get {name} shows where the plan stands)");
        return new KubeconfigView(name, vault.OpenKubeconfig(name, sealedKubeconfig));
    }

    private (string Name, IReadOnlyList<NodeTarget> Servers, IReadOnlyList<NodeTarget> Agents, string Version, IReadOnlyList<string> Disable) Check(CreateClusterRequest request)
    {
        var name = ClusterRules.Name(request.Name);
        var servers = ClusterRules.Targets(request.Servers, "server");
        var agents = ClusterRules.Targets(request.Agents, "agent");
        ClusterRules.ServerCount(servers.Count, $"cluster {name}");
        var disable = ClusterRules.Disable(request.Disable);
        if (store.Get(name) is not null)
        {
            throw new HubException(HubErrorKind.AlreadyExists,
                $"cluster {name} exists; pi-controller cluster get {name} shows it, pi-controller cluster resume {name} runs its plan again, add-node adds nodes");
        }
        ClusterRules.Unique([.. servers, .. agents], store);
        Reachable([.. servers, .. agents]);
        var version = request.Version is { Length: > 0 } given ? K3sRelease.CheckVersion(given) : K3sVersions.Newest(artifacts.List().Select(s => s.Version))
            ?? throw new HubException(HubErrorKind.Precondition, "the hub keeps no K3s release; get one with pi-controller k3s fetch VERSION --images, or pi-controller k3s import on an air-gapped hub");
        CheckRelease(version, [.. servers, .. agents]);
        return (name, servers, agents, version, disable);
    }

    /// <summary>Every node whose architecture the hub knows has the release for it; the others are checked when the plan reaches them.</summary>
    private void CheckRelease(string version, IReadOnlyList<NodeTarget> targets)
    {
        foreach (var facts in targets.Select(t => NodeFacts.Stored(t, nodes)).Where(f => f.K3sArch is not null))
        {
            planner.Release(version, facts);
        }
    }

    private void Reachable(IReadOnlyList<NodeTarget> targets)
    {
        foreach (var kind in targets.Select(t => t.Kind).Distinct().Where(k => !transports.Supports(k)))
        {
            throw new HubException(HubErrorKind.Unsupported, kind == NodeTransportKind.Ssh
                ? "this hub has no SSH transport, so ssh: targets cannot be planned; use enrolled nodes"
                : "this hub has no agent transport, so enrolled nodes cannot be planned; use ssh: targets");
        }
    }

    private ClusterRecord Require(string name) => store.Get(name) ?? throw new HubException(HubErrorKind.NotFound,
        $"no cluster {TextRules.Excerpt(name)}; pi-controller cluster ls lists them");

    private ClusterRecord Busy(ClusterRecord cluster) => cluster.State == ClusterStates.Deleting
        ? throw new HubException(HubErrorKind.Precondition, $"cluster {cluster.Name} is being deleted; it cannot change")
        : Idle(Built(cluster));

    /// <summary>The cluster, when no other work (an upgrade) runs on it.</summary>
    private ClusterRecord Idle(ClusterRecord cluster)
    {
        foreach (var other in work)
        {
            if (other.Running(cluster.Name) is { } running)
            {
                throw new HubException(HubErrorKind.Conflict, $"cluster {cluster.Name} cannot change now: {running}; nothing was changed");
            }
        }
        return cluster;
    }

    /// <summary>Plans change only clusters the hub built: an imported one's nodes are not the hub's to install.</summary>
    private static ClusterRecord Built(ClusterRecord cluster) => cluster.Origin == ClusterOrigins.Imported
        ? throw new HubException(HubErrorKind.Precondition, $"cluster {cluster.Name} was imported: the hub does not install or remove K3s on its nodes; do that with the tools that built it")
        : cluster;

    private ClusterView View(ClusterRecord cluster, bool withSteps) => ClusterView.From(cluster, runner.IsRunning(cluster.Name), store.Nodes(cluster.Name),
        withSteps ? store.Steps(cluster.Name) : []);
}
