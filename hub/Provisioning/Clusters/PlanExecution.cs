using PiController.Hub.Api;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// One run of a cluster's plan, from what the database says: nodes marked for removal are uninstalled first; then
/// every node not yet Ready is reached and judged by the preflight (any refusal stops the plan before anything
/// changes); then the first server installs and must be Ready, with the cluster's CA, before its kubeconfig is
/// fetched and the other servers join one at a time; agents join last, together (bounded). A failure stops that
/// node's branch; the run ends failed once the branches in flight have ended.
/// </summary>
internal sealed class PlanExecution(ClusterStore store, ClusterPlanner planner, NodeStore nodeStore, NodeTransports transports, NodePreflight preflight,
    NodeInstaller installer, NodeRemoval removal, ClusterVault vault, ClusterRunnerOptions options)
{
    /// <summary>True when every node is Ready.</summary>
    public async Task<bool> CreateAsync(ClusterRecord cluster, ClusterCa ca, ClusterSecrets secrets, CancellationToken cancellationToken)
    {
        foreach (var leaving in Removal(store.Nodes(cluster.Name).Where(n => n.State == ClusterStates.NodeRemoving)))
        {
            if (!await removal.RemoveAsync(cluster, leaving, secrets, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        var nodes = store.Nodes(cluster.Name);
        var links = nodes.ToDictionary(n => n.Target.ToString(), n => new NodeLink(n, transports), StringComparer.Ordinal);
        try
        {
            await Task.WhenAll(links.Values.Select(l => l.ReachAsync(cancellationToken))).ConfigureAwait(false);
            var facts = links.ToDictionary(l => l.Key, l => l.Value.Live is { } live
                ? NodeFacts.Stored(l.Value.Node.Target, nodeStore).With(live, l.Value.Transport?.Address)
                : NodeFacts.Stored(l.Value.Node.Target, nodeStore), StringComparer.Ordinal);
            var work = nodes.Where(n => n.State != ClusterStates.NodeReady).Select(n => links[n.Target.ToString()]).ToList();
            var judged = await Task.WhenAll(work.Select(link => GuardAsync(cluster, link.Node, () => preflight.RunAsync(cluster, link,
                [.. facts.Where(f => f.Key != link.Node.Target.ToString()).Select(f => f.Value.Hostname).OfType<string>()], secrets, cancellationToken))))
                .ConfigureAwait(false);
            if (judged.Contains(false))
            {
                return false;
            }
            var plans = new Dictionary<string, NodePlan>(StringComparer.Ordinal);
            foreach (var link in work)
            {
                if (!await GuardAsync(cluster, link.Node, () =>
                    {
                        plans[link.Node.Target.ToString()] = Plan(cluster, link.Node, nodes, facts, ca, secrets);
                        return Task.CompletedTask;
                    }).ConfigureAwait(false))
                {
                    return false;
                }
            }
            var servers = nodes.Where(n => n.Role == K3sRole.Server).OrderBy(n => n.Ordinal).ToList();
            var first = links[servers[0].Target.ToString()];
            foreach (var server in servers.Where(s => s.State != ClusterStates.NodeReady).Select(s => links[s.Target.ToString()]))
            {
                if (!await GuardAsync(cluster, server.Node, () => installer.InstallAsync(cluster, server, plans[server.Node.Target.ToString()], ca, secrets, cancellationToken))
                    .ConfigureAwait(false))
                {
                    return false;
                }
                if (server == first && !await GuardAsync(cluster, first.Node, () => KeepKubeconfigAsync(cluster, first, facts, cancellationToken)).ConfigureAwait(false))
                {
                    return false;
                }
            }
            if (store.SealedKubeconfig(cluster.Name) is null && !await GuardAsync(cluster, first.Node, () => KeepKubeconfigAsync(cluster, first, facts, cancellationToken)).ConfigureAwait(false))
            {
                return false;
            }
            using var gate = new SemaphoreSlim(options.AgentParallelism);
            var agents = await Task.WhenAll(work.Where(l => l.Node.Role == K3sRole.Agent).Select(async agent =>
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await GuardAsync(cluster, agent.Node, () => installer.InstallAsync(cluster, agent, plans[agent.Node.Target.ToString()], ca, secrets, cancellationToken))
                        .ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            })).ConfigureAwait(false);
            return !agents.Contains(false);
        }
        finally
        {
            foreach (var link in links.Values)
            {
                await link.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Uninstalls every node (agents first, then the servers, the first one last) and forgets the cluster; false when a node's branch failed.</summary>
    public async Task<bool> DeleteAsync(ClusterRecord cluster, ClusterSecrets secrets, CancellationToken cancellationToken)
    {
        foreach (var node in Removal(store.Nodes(cluster.Name)))
        {
            if (!await removal.RemoveAsync(cluster, node, secrets, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
        store.Delete(cluster.Name);
        return true;
    }

    /// <summary>The order nodes leave in: agents, then servers from the last to join to the first.</summary>
    private static IEnumerable<ClusterNodeRecord> Removal(IEnumerable<ClusterNodeRecord> nodes) =>
        nodes.OrderBy(n => n.Role == K3sRole.Server ? 1 : 0).ThenByDescending(n => n.Ordinal);

    private NodePlan Plan(ClusterRecord cluster, ClusterNodeRecord node, IReadOnlyList<ClusterNodeRecord> nodes, IReadOnlyDictionary<string, NodeFacts> facts,
        ClusterCa ca, ClusterSecrets secrets)
    {
        try
        {
            return planner.Plan(cluster, node, nodes, facts, ca, secrets);
        }
        catch (HubException e)
        {
            throw new NodeBranchFailed(e.Message, $"then: {NodePreflight.Resume(cluster)}");
        }
    }

    private async Task KeepKubeconfigAsync(ClusterRecord cluster, NodeLink first, Dictionary<string, NodeFacts> facts, CancellationToken cancellationToken)
    {
        var raw = await first.Open.ReadK3sFileAsync(K3sFile.Kubeconfig, cancellationToken).ConfigureAwait(false)
            ?? throw new NodeBranchFailed($"{first.Node.Target} has no kubeconfig at {K3sFiles.PathOf(K3sFile.Kubeconfig)}", $"check K3s on it, then: {NodePreflight.Resume(cluster)}");
        var address = facts[first.Node.Target.ToString()].Address
            ?? throw new NodeBranchFailed($"the address of {first.Node.Target} is unknown", $"reconnect it, then: {NodePreflight.Resume(cluster)}");
        string rewritten;
        try
        {
            rewritten = KubeconfigRewriter.Rewrite(raw, cluster.Name, address);
        }
        catch (HubException e)
        {
            throw new NodeBranchFailed(e.Message, $"then: {NodePreflight.Resume(cluster)}");
        }
        store.SetKubeconfig(cluster.Name, vault.SealKubeconfig(cluster.Name, rewritten));
    }

    /// <summary>Runs a node's branch; a failure is stored on the node (error and next action) and answered false.</summary>
    private async Task<bool> GuardAsync(ClusterRecord cluster, ClusterNodeRecord node, Func<Task> branch)
    {
        try
        {
            await branch().ConfigureAwait(false);
            return true;
        }
        catch (NodeBranchFailed e)
        {
            store.SetNodeState(cluster.Name, node.Target, ClusterStates.NodeFailed, e.Message, e.NextAction);
            return false;
        }
        catch (NodeUnreachableException e)
        {
            store.SetNodeState(cluster.Name, node.Target, ClusterStates.NodeFailed, e.Message, $"make it reachable, then: {NodePreflight.Resume(cluster)}");
            return false;
        }
    }
}
