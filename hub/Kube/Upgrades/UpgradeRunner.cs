using PiController.Hub.Agents;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Runs upgrades in the background, at most one per cluster. At hub start every run left running resumes (after its
/// agent nodes had <see cref="ReconnectGrace.Span"/> to dial in again): the node it was on starts again from
/// its cordon, and whether that node was cordoned before the run is read from the database. At hub stop the runs are
/// cancelled and stay running, to resume at the next start.
/// </summary>
internal sealed partial class UpgradeRunner(UpgradeStore store, UpgradeExecution execution, IClusterApis apis, AgentRegistry agents, TimeProvider time,
    ILogger<UpgradeRunner> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public bool IsRunning(string cluster)
    {
        lock (_lock)
        {
            return _running.ContainsKey(cluster);
        }
    }

    /// <summary>Whether an upgrade or rollback of the cluster runs now, or is stored as running (to resume at the next start).</summary>
    public bool Busy(string cluster) => IsRunning(cluster) || store.Latest(cluster) is { State: UpgradeStates.Running };

    /// <summary>Starts run <paramref name="id"/> of <paramref name="cluster"/>; false when one of that cluster already runs.</summary>
    public bool Start(string cluster, long id, bool resumed = false)
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested || _running.ContainsKey(cluster))
            {
                return false;
            }
            _running[cluster] = Task.Run(() => RunAsync(cluster, id, resumed));
            return true;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var run in store.Running())
        {
            Resuming(logger, run.Cluster, run.Id);
            Start(run.Cluster, run.Id, resumed: true);
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

    private async Task RunAsync(string cluster, long id, bool resumed)
    {
        try
        {
            if (resumed)
            {
                await WaitForAgentsAsync(cluster, id, _stopping.Token).ConfigureAwait(false);
            }
            await execution.RunAsync(id, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            Interrupted(logger, cluster, id);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RunFailed(logger, cluster, id, e);
            store.End(id, UpgradeStates.Failed, $"the run stopped: {e.Message}");
        }
        finally
        {
            lock (_lock)
            {
                _running.Remove(cluster);
            }
        }
    }

    private async Task WaitForAgentsAsync(string cluster, long id, CancellationToken cancellationToken)
    {
        var nodes = store.Nodes(id).Select(n => n.Plan.Target).Where(t => t.Kind == NodeTransportKind.Agent).Select(t => t.Name).ToList();
        await ReconnectGrace.WaitAsync(agents, nodes, () => Reachable(cluster), time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the cluster's API can be had now (the cluster manager starts its controllers a moment after the hub).</summary>
    private bool Reachable(string cluster)
    {
        try
        {
            return apis.Open(cluster) is not null;
        }
        catch (Api.HubException)
        {
            return false;
        }
    }

    [LoggerMessage(1500, LogLevel.Information, "Cluster {Cluster}: upgrade run {Run} was left running; it resumes")]
    private static partial void Resuming(ILogger logger, string cluster, long run);

    [LoggerMessage(1501, LogLevel.Information, "Cluster {Cluster}: upgrade run {Run} was interrupted by the hub's stop; it resumes at the next start")]
    private static partial void Interrupted(ILogger logger, string cluster, long run);

    [LoggerMessage(1502, LogLevel.Error, "Cluster {Cluster}: upgrade run {Run} stopped")]
    private static partial void RunFailed(ILogger logger, string cluster, long run, Exception exception);
}
