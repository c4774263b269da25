using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Takes one node through its upgrade (or rollback): cordon, drain, swap the binary through the node's transport
/// (the previous one kept), restart its unit, wait until it is Ready on the new kubelet version (and, on a server,
/// etcd is healthy), uncordon. Every step is idempotent, so a run resumed after a hub restart starts the node again
/// from its cordon. A failure puts the node back as it was (previous binary, unit restarted, uncordoned unless it was
/// cordoned before) and fails with the reason and what was put back.
/// </summary>
internal sealed class NodeUpgrade(UpgradeStore store, UpgradeEvents events, NodeDrain drain, NodeReadiness readiness, NodeTransports transports)
{
    public async Task RunAsync(UpgradeRunRecord run, UpgradeNodeRecord record, KubeNodeOps kube, CancellationToken cancellationToken)
    {
        var node = record.Plan;
        var cordoned = false;
        var swapped = false;
        var wasUnschedulable = record.WasUnschedulable;
        var step = "cordon";
        INodeTransport? transport = null;
        try
        {
            transport = await transports.OpenAsync(node.Target, cancellationToken).ConfigureAwait(false);
            Begin(run, node, step);
            var current = await kube.NodeAsync(node.KubeNode, cancellationToken).ConfigureAwait(false) ?? throw new UpgradeStepFailed(
                $"{node.KubeNode} is no longer a node of the Kubernetes API", $"check membership (pi-controller cluster get {run.Cluster}), then run the upgrade again");
            if (record.State == UpgradeStates.Pending)
            {
                wasUnschedulable = current.Spec?.Unschedulable == true;
                store.WasUnschedulable(run.Id, node.Target, wasUnschedulable);
            }
            if (current.Spec?.Unschedulable != true)
            {
                await kube.SetUnschedulableAsync(node.KubeNode, true, cancellationToken).ConfigureAwait(false);
            }
            cordoned = !wasUnschedulable;
            Done(run, node, step, wasUnschedulable ? "it was cordoned before; it stays cordoned" : "cordoned (spec.unschedulable)");

            step = "drain";
            Begin(run, node, step);
            Done(run, node, step, await drain.DrainAsync(run, node, kube, cancellationToken).ConfigureAwait(false));

            step = node.Release is null ? "restore" : "swap";
            Begin(run, node, step);
            foreach (var install in node.SwapSteps())
            {
                await RunStepAsync(transport, install, cancellationToken).ConfigureAwait(false);
                swapped |= install is PlaceBinary or RestorePreviousBinary;
            }
            Done(run, node, step, node.Release is null
                ? $"restored {K3sLayout.Binary}.previous as {K3sLayout.Binary}; {node.Unit} restarted"
                : $"placed K3s {run.To} (sha256 {node.Release.BinarySha256[..16]}...), kept the previous binary as {K3sLayout.Binary}.previous; {node.Unit} restarted");

            step = "ready";
            Begin(run, node, step);
            Done(run, node, step, await readiness.WaitAsync(node, run.To.Length == 0 ? null : run.To, run.ReadyTimeout, kube, cancellationToken).ConfigureAwait(false));

            step = "uncordon";
            Begin(run, node, step);
            if (cordoned)
            {
                await kube.SetUnschedulableAsync(node.KubeNode, false, cancellationToken).ConfigureAwait(false);
            }
            Done(run, node, step, cordoned ? "uncordoned" : "left cordoned, as it was before the run");
            store.NodeStep(run.Id, node.Target, UpgradeStates.Done, step);
        }
        catch (Exception e) when (e is UpgradeStepFailed or NodeUnreachableException || ApiStatus.Of(e) is not null || e is Client.KubeUnreachableException)
        {
            var next = e is UpgradeStepFailed failed ? failed.NextAction
                : $"fix the cause ({(e is NodeUnreachableException ? "the node cannot be reached" : "the Kubernetes API refused a request")}), then run the upgrade again: nodes already upgraded are skipped";
            var reason = $"{node.Target} ({node.KubeNode}): {step} failed: {(e is UpgradeStepFailed ? e.Message : ApiStatus.Describe(e))}";
            var putBack = await PutBackAsync(run, node, transport, kube, swapped, cordoned).ConfigureAwait(false);
            store.NodeStep(run.Id, node.Target, UpgradeStates.Failed, step, $"{reason}; {putBack}", next);
            events.Step(run.Cluster, run.Id, node, step, UpgradeEvents.StepFailed, $"{reason}; {putBack}", next);
            throw new UpgradeStepFailed($"{reason}; {putBack}", next);
        }
        finally
        {
            if (transport is not null)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Puts the node back as it was; never throws (the hub may be stopping: it does this much in any case).</summary>
    private async Task<string> PutBackAsync(UpgradeRunRecord run, UpgradeNodePlan node, INodeTransport? transport, KubeNodeOps kube, bool swapped, bool cordoned)
    {
        using var bounded = new CancellationTokenSource(run.ReadyTimeout + TimeSpan.FromMinutes(2));
        var done = new List<string>();
        if (swapped && transport is not null)
        {
            try
            {
                foreach (var install in node.PutBackSteps())
                {
                    await RunStepAsync(transport, install, bounded.Token).ConfigureAwait(false);
                }
                done.Add($"the previous binary is back and {node.Unit} restarted");
                done.Add(await readiness.WaitAsync(node with { Release = null }, node.Release is null ? null : node.From, run.ReadyTimeout, kube, bounded.Token).ConfigureAwait(false));
            }
            catch (Exception e) when (e is UpgradeStepFailed or NodeUnreachableException or OperationCanceledException or Client.KubeUnreachableException || ApiStatus.Of(e) is not null)
            {
                done.Add($"putting the previous binary back failed too ({e.Message}): pi-controller cluster rollback {run.Cluster} {node.Target} tries again");
            }
        }
        if (cordoned)
        {
            try
            {
                await kube.SetUnschedulableAsync(node.KubeNode, false, bounded.Token).ConfigureAwait(false);
                done.Add("uncordoned");
            }
            catch (Exception e) when (e is OperationCanceledException or Client.KubeUnreachableException || ApiStatus.Of(e) is not null)
            {
                done.Add($"it could not be uncordoned ({e.Message}): kubectl uncordon {node.KubeNode}");
            }
        }
        return done.Count == 0 ? "nothing on it had changed" : "put back: " + string.Join("; ", done);
    }

    private static async Task RunStepAsync(INodeTransport transport, InstallStep step, CancellationToken cancellationToken)
    {
        // The restart is always due: the node runs another release than the one just placed (or restored).
        var result = await transport.RunAsync(step, new HashSet<string>(StringComparer.Ordinal) { K3sLayout.Binary }, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var code = result.ExitCode is { } exit ? $" (exit code {exit})" : "";
            throw new UpgradeStepFailed($"{InstallStepText.Render(step).Split('\n')[0]}{code}: {(result.Error.Trim().Length > 0 ? result.Error.Trim() : "no error output")}",
                $"fix the cause on {transport.Description}, then run the upgrade again: nodes already upgraded are skipped");
        }
    }

    private void Begin(UpgradeRunRecord run, UpgradeNodePlan node, string step)
    {
        store.NodeStep(run.Id, node.Target, UpgradeStates.Running, step);
        events.Step(run.Cluster, run.Id, node, step, UpgradeEvents.StepRunning, "");
    }

    private void Done(UpgradeRunRecord run, UpgradeNodePlan node, string step, string detail) =>
        events.Step(run.Cluster, run.Id, node, step, UpgradeEvents.StepDone, detail);
}
