using PiController.Hub.Agents;
using PiController.Hub.Hardware;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>
/// Drives every node toward its resources. Workers take node ids from the <see cref="ReconcileQueue"/> (a
/// create, update or delete, an agent connecting or leaving); at most <see cref="Workers"/> nodes are
/// reconciled at once, so a hub restart with a fleet reconnecting does not flood the hub. Reconciling a node
/// asks its agent what it holds (GpioList, PwmList, I2cWatchList), sends only the difference
/// (<see cref="ResourceDiff"/>), and writes each resource's status. A node that did not answer is retried
/// with backoff; an offline node waits for its agent to connect.
/// </summary>
internal sealed partial class Reconciler(
    ResourceStore store, AgentRegistry registry, ReconcileQueue queue, ReconcileEffects effects, TimeProvider time, ILogger<Reconciler> logger)
    : BackgroundService
{
    public const int Workers = 16;

    /// <summary>Per command; the agent's hardware worker answers in milliseconds, an I2C watch's first read in less than a second.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var nodeId in store.NodesWithWork())
        {
            queue.Enqueue(nodeId);
        }
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken))).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string nodeId;
            try
            {
                nodeId = await queue.TakeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var succeeded = false;
            try
            {
                succeeded = await ReconcileAsync(nodeId, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong, this worker lives on and the node is retried after its backoff: a worker that
                // died here would leave the queue with one fewer, silently.
                LogFailed(logger, nodeId, e);
            }
            finally
            {
                queue.Done(nodeId, succeeded);
            }
        }
    }

    /// <summary>Reconciles one node; false when it should be tried again later.</summary>
    public async Task<bool> ReconcileAsync(string nodeId, CancellationToken cancellationToken)
    {
        var records = store.List(null, nodeId);
        var releases = store.Releases(nodeId);
        if (records.Count == 0 && releases.Count == 0)
        {
            return true;
        }
        var statuses = new ReconcileStatuses(records, time.GetUtcNow());
        if (!registry.IsConnected(nodeId))
        {
            statuses.AllOffline($"node {nodeId} is not connected; the resource is applied when its agent connects");
            store.SaveStatuses(statuses.Changed);
            return true;
        }
        AgentHoldings holdings;
        try
        {
            holdings = await ReadHoldingsAsync(nodeId, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandFailedException e)
        {
            return Unreachable(nodeId, statuses, e);
        }
        catch (Api.HubException e)
        {
            LogRefusedList(logger, nodeId, e.Message);
            return false;
        }

        var desired = new List<DesiredResource>();
        foreach (var record in records)
        {
            var problems = new List<string>();
            if (ResourceTypes.Of(record.Kind).Check(record.Spec, problems) is { } spec)
            {
                desired.Add(new DesiredResource(record.Name, spec));
            }
            else
            {
                statuses.Set(record.Kind, record.Name, ResourceCondition.Invalid, "InvalidSpec", string.Join("; ", problems), null);
            }
        }
        var plan = ResourceDiff.Compute(desired, releases, holdings);
        foreach (var settled in plan.Settled)
        {
            store.ReleaseDone(settled);
        }
        foreach (var (kind, name, observed) in plan.InSync)
        {
            statuses.Set(kind, name, ResourceCondition.Applied, "InSync", "the agent holds the desired state", observed);
        }
        var retry = false;
        foreach (var outcome in await Task.WhenAll(plan.Releases.Select(s => SendAsync(nodeId, s, cancellationToken))).ConfigureAwait(false))
        {
            retry |= await effects.ReleasedAsync(nodeId, outcome, cancellationToken).ConfigureAwait(false);
        }
        foreach (var outcome in await Task.WhenAll(plan.Changes.Select(s => SendAsync(nodeId, s, cancellationToken))).ConfigureAwait(false))
        {
            retry |= await effects.AppliedAsync(nodeId, outcome, statuses, cancellationToken).ConfigureAwait(false);
        }
        store.SaveStatuses(statuses.Changed);
        LogReconciled(logger, nodeId, records.Count, plan.Releases.Count + plan.Changes.Count);
        return !retry;
    }

    private bool Unreachable(string nodeId, ReconcileStatuses statuses, CommandFailedException e)
    {
        if (e.Failure == CommandFailureKind.NodeOffline || !registry.IsConnected(nodeId))
        {
            statuses.AllOffline(e.Message);
            store.SaveStatuses(statuses.Changed);
            return true;
        }
        LogUnanswered(logger, nodeId, e.Message);
        return false;
    }

    private async Task<AgentHoldings> ReadHoldingsAsync(string nodeId, CancellationToken cancellationToken)
    {
        var pins = registry.SendAsync(nodeId, new Command { GpioList = new GpioList() }, CommandTimeout, cancellationToken);
        var pwm = registry.SendAsync(nodeId, new Command { PwmList = new PwmList() }, CommandTimeout, cancellationToken);
        var watches = registry.SendAsync(nodeId, new Command { I2CWatchList = new I2cWatchList() }, CommandTimeout, cancellationToken);
        return new AgentHoldings(
            Expect(nodeId, await pins.ConfigureAwait(false), Command.OpOneofCase.GpioList).Gpio.Pins,
            Expect(nodeId, await pwm.ConfigureAwait(false), Command.OpOneofCase.PwmList).Pwm.Channels,
            Expect(nodeId, await watches.ConfigureAwait(false), Command.OpOneofCase.I2CWatchList).I2CWatches.Watches);
    }

    private static CommandResult Expect(string nodeId, CommandResult result, Command.OpOneofCase op) =>
        result.OutcomeCase == LinkCommands.Find(op)!.Outcome ? result
        : result.OutcomeCase == CommandResult.OutcomeOneofCase.Error ? throw HardwareErrors.From(result.Error)
        : throw new Api.HubException(Api.HubErrorKind.Unsupported, $"node {nodeId} answered {op} with {result.OutcomeCase}; its agent may be older than this hub (upgrade pi-controller-agent)");

    private async Task<StepOutcome> SendAsync(string nodeId, ReconcileStep step, CancellationToken cancellationToken)
    {
        try
        {
            return new StepOutcome(step, await registry.SendAsync(nodeId, step.Command.Clone(), CommandTimeout, cancellationToken).ConfigureAwait(false), null);
        }
        catch (CommandFailedException e)
        {
            return new StepOutcome(step, null, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled node {NodeId}: {Resources} resource(s), {Commands} command(s) sent")]
    private static partial void LogReconciled(ILogger logger, string nodeId, int resources, int commands);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling node {NodeId}: the agent did not answer ({Reason}); retrying with backoff")]
    private static partial void LogUnanswered(ILogger logger, string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling node {NodeId}: the agent refused to list what it holds ({Reason}); retrying with backoff")]
    private static partial void LogRefusedList(ILogger logger, string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling node {NodeId} failed; retrying with backoff")]
    private static partial void LogFailed(ILogger logger, string nodeId, Exception exception);
}
