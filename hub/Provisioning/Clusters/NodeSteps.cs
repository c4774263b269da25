using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Carries out one phase of a node's steps, resumable: the steps are stored first (<see cref="ClusterStore.Prepare"/>),
/// those already done in an earlier run are skipped (their changed paths still count for <see cref="RestartIfChanged"/>),
/// each start and result is stored and published. A failed step stops the node's branch with its stderr.
/// </summary>
internal sealed class NodeSteps(ClusterStore store, ClusterEvents events)
{
    public async Task RunAsync(string cluster, NodeLink link, string phase, IReadOnlyList<InstallStep> steps, ClusterSecrets secrets,
        string nextAction, CancellationToken cancellationToken)
    {
        var node = link.Node;
        var records = store.Prepare(cluster, node.Target, phase, [.. steps.Select(s => (InstallStepText.Render(s), s.Path))]);
        var changed = records.Where(r => r.State == PlanPhases.Done && r.Changed && r.Path is not null).Select(r => r.Path!).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            if (records[i].State == PlanPhases.Done)
            {
                continue;
            }
            store.StepStarted(cluster, node.Target, phase, i);
            events.Step(cluster, node, records[i] with { State = PlanPhases.Running }, secrets);
            StepResult result;
            try
            {
                result = await link.Open.RunAsync(steps[i], changed, cancellationToken).ConfigureAwait(false);
            }
            catch (NodeUnreachableException e)
            {
                result = StepResult.Failed(e.Message);
            }
            var output = ClusterEvents.Scrub(result.Output, secrets);
            var error = ClusterEvents.Scrub(result.Error, secrets);
            store.StepEnded(cluster, node.Target, phase, i, result.Succeeded, result.Changed, output, error, result.ExitCode);
            var ended = records[i] with
            {
                State = result.Succeeded ? PlanPhases.Done : PlanPhases.Failed, Changed = result.Changed, Output = output, Error = error, ExitCode = result.ExitCode,
            };
            events.Step(cluster, node, ended, secrets, result.Succeeded ? null : nextAction);
            if (!result.Succeeded)
            {
                var code = result.ExitCode is { } exit ? $" (exit code {exit})" : "";
                throw new NodeBranchFailed($"{phase} step {i + 1} ({FirstLine(records[i].Description)}) failed{code}: {(error.Length > 0 ? error.Trim() : "no error output")}", nextAction);
            }
            if (result.Changed && steps[i].Path is { } path)
            {
                changed.Add(path);
            }
        }
    }

    /// <summary>Records a step that is not an <see cref="InstallStep"/> (a preflight check, the wait for Ready) as done or failed, and publishes it.</summary>
    public void Record(string cluster, ClusterNodeRecord node, string phase, int index, string description, bool succeeded, string output, string error,
        ClusterSecrets secrets, string? nextAction = null)
    {
        store.StepStarted(cluster, node.Target, phase, index);
        store.StepEnded(cluster, node.Target, phase, index, succeeded, false, output, error, null);
        var step = new PlanStepRecord(node.Target.ToString(), phase, index, description, succeeded ? PlanPhases.Done : PlanPhases.Failed, false, null,
            output, error, null, null, null);
        events.Step(cluster, node, step, secrets, nextAction);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0];
}
