using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// One run, from what the database says: the servers one at a time in their order, then the agents, at most the
/// run's concurrency at once; nodes done or skipped are passed over (a resumed run goes on where it stopped). The
/// first failure stops the run: no further node is started, those in flight finish. When every node is done, an
/// upgrade records the new release as the cluster's.
/// </summary>
internal sealed class UpgradeExecution(UpgradeStore store, ClusterStore clusters, IClusterApis apis, NodeUpgrade upgrade, UpgradeEvents events)
{
    public async Task RunAsync(long id, CancellationToken cancellationToken)
    {
        if (store.Get(id) is not { State: UpgradeStates.Running } run)
        {
            return;
        }
        events.Changed(run, UpgradeStates.Running, run.Kind == UpgradeKind.Rollback
            ? $"rolling {string.Join(", ", store.Nodes(id).Select(n => n.Plan.Target))} back to its previous binary"
            : $"upgrading cluster {run.Cluster} from {run.From} to {run.To}: servers one at a time, then agents {run.Concurrency} at a time");
        try
        {
            var kube = new KubeNodeOps(apis.Open(run.Cluster));
            var nodes = store.Nodes(id).Where(n => n.State is not (UpgradeStates.Done or UpgradeStates.Skipped)).ToList();
            foreach (var server in nodes.Where(n => n.Plan.Role == K3sRole.Server))
            {
                await upgrade.RunAsync(run, server, kube, cancellationToken).ConfigureAwait(false);
            }
            await AgentsAsync(run, [.. nodes.Where(n => n.Plan.Role == K3sRole.Agent)], kube, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UpgradeStepFailed or Api.HubException)
        {
            var detail = e is UpgradeStepFailed failed ? $"{e.Message}; next: {failed.NextAction}" : e.Message;
            store.End(id, UpgradeStates.Failed, detail);
            events.Changed(run, UpgradeStates.Failed, $"the {UpgradeStates.KindText(run.Kind)} stopped: {detail}");
            return;
        }
        var outcome = run.Kind == UpgradeKind.Rollback
            ? $"{string.Join(", ", store.Nodes(id).Select(n => n.Plan.Target))} runs its previous binary again"
            : $"every node of cluster {run.Cluster} runs K3s {run.To}";
        if (run.Kind == UpgradeKind.Upgrade)
        {
            clusters.SetVersion(run.Cluster, run.To);
        }
        store.End(id, UpgradeStates.Done, outcome);
        events.Changed(run, UpgradeStates.Done, outcome);
    }

    /// <summary>The agents, at most the run's concurrency at once; after a failure none more starts, and the first failure is thrown once the others end.</summary>
    private async Task AgentsAsync(UpgradeRunRecord run, IReadOnlyList<UpgradeNodeRecord> agents, KubeNodeOps kube, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(run.Concurrency);
        UpgradeStepFailed? first = null;
        var running = new List<Task>();
        foreach (var agent in agents)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref first) is not null)
            {
                gate.Release();
                break;
            }
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await upgrade.RunAsync(run, agent, kube, cancellationToken).ConfigureAwait(false);
                }
                catch (UpgradeStepFailed e)
                {
                    Interlocked.CompareExchange(ref first, e, null);
                }
                finally
                {
                    gate.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        if (first is not null)
        {
            throw first;
        }
    }
}
