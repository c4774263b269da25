using PiController.Hub.Agents;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Runs clusters' plans in the background, one run at a time per cluster: <see cref="Kick"/> starts a run (or, while
/// one runs, one more after it, which reads the database again). At hub start every plan left creating or deleting
/// resumes; at hub stop the runs are cancelled, and a step cut off stays "running", to be carried out again (every
/// step is idempotent) when the plan resumes.
/// </summary>
internal sealed partial class ClusterRunner(ClusterStore store, ClusterVault vault, PlanExecution execution, ClusterEvents events, AgentRegistry agents,
    TimeProvider time, ILogger<ClusterRunner> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _again = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resumed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public bool IsRunning(string name)
    {
        lock (_lock)
        {
            return _running.ContainsKey(name);
        }
    }

    public void Kick(string name)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            if (_running.ContainsKey(name))
            {
                _again.Add(name);
                return;
            }
            _running[name] = Task.Run(() => LoopAsync(name));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var cluster in store.List().Where(c => c.State is ClusterStates.Creating or ClusterStates.Deleting))
        {
            Resuming(logger, cluster.Name, cluster.State);
            lock (_lock)
            {
                _resumed.Add(cluster.Name);
            }
            Kick(cluster.Name);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_lock)
        {
            _stopping.Cancel();
            running = [.. _running.Values];
        }
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task LoopAsync(string name)
    {
        while (true)
        {
            try
            {
                await WaitForAgentsAsync(name, _stopping.Token).ConfigureAwait(false);
                await RunOnceAsync(name, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                Interrupted(logger, name);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                RunFailed(logger, name, e);
                store.SetState(name, ClusterStates.Failed);
                events.Changed(name, ClusterStates.Failed, $"the plan stopped: {e.Message}");
            }
            lock (_lock)
            {
                if (!_again.Remove(name) || _stopping.IsCancellationRequested)
                {
                    _running.Remove(name);
                    return;
                }
            }
        }
    }

    /// <summary>A plan resumed at hub start first gives its agent nodes <see cref="ReconnectGrace.Span"/> to connect again.</summary>
    private async Task WaitForAgentsAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_resumed.Remove(name))
            {
                return;
            }
        }
        var nodes = store.Nodes(name).Select(n => n.Target).Where(t => t.Kind == NodeTransportKind.Agent).Select(t => t.Name).ToList();
        await ReconnectGrace.WaitAsync(agents, nodes, () => true, time, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunOnceAsync(string name, CancellationToken cancellationToken)
    {
        if (store.Get(name) is not { } cluster || cluster.State is not (ClusterStates.Creating or ClusterStates.Deleting))
        {
            return;
        }
        var (ca, secrets) = vault.OpenTrust(name, store.SealedTrust(name));
        if (cluster.State == ClusterStates.Deleting)
        {
            events.Changed(name, ClusterStates.Deleting, "uninstalling K3s from every node: agents first, then the servers");
            var deleted = await execution.DeleteAsync(cluster, secrets, cancellationToken).ConfigureAwait(false);
            events.Changed(name, deleted ? "deleted" : ClusterStates.Failed, deleted
                ? "K3s was removed from every node and the cluster is forgotten"
                : $"the deletion stopped on a node: pi-controller cluster get {name} says why; run pi-controller cluster delete {name} again after fixing it");
            return;
        }
        events.Changed(name, ClusterStates.Creating, "the plan runs: preflight on every node, then the first server, the other servers one at a time, then the agents");
        var ready = await execution.CreateAsync(cluster, ca, secrets, cancellationToken).ConfigureAwait(false);
        Finish(name, ready);
    }

    private void Finish(string name, bool ready)
    {
        store.SetState(name, ready ? ClusterStates.Ready : ClusterStates.Failed);
        var failed = store.Nodes(name).Where(n => n.State is ClusterStates.NodeFailed or ClusterStates.NodeRemoving && n.LastError.Length > 0).ToList();
        events.Changed(name, ready ? ClusterStates.Ready : ClusterStates.Failed, ready
            ? $"every node is Ready; pi-controller cluster kubeconfig {name} gives the admin kubeconfig"
            : string.Join("; ", failed.Select(n => $"{n.Target}: {n.LastError}; next: {n.NextAction}")));
    }

    [LoggerMessage(140, LogLevel.Information, "Cluster {Cluster}: its plan was left {State}; it resumes")]
    private static partial void Resuming(ILogger logger, string cluster, string state);

    [LoggerMessage(141, LogLevel.Information, "Cluster {Cluster}: the plan was interrupted by the hub's stop; it resumes at the next start")]
    private static partial void Interrupted(ILogger logger, string cluster);

    [LoggerMessage(142, LogLevel.Error, "Cluster {Cluster}: the plan stopped")]
    private static partial void RunFailed(ILogger logger, string cluster, Exception exception);
}
