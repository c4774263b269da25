using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// The preflight of one node in a running plan: its findings stored as steps (read again on every run), refusals
/// stop it before anything changes; with the user's consent (<c>--fix</c>), the one fix that needs a reboot is
/// applied and the plan waits, bounded, for the node to come back with a new boot id, then judges it again.
/// </summary>
internal sealed class NodePreflight(ClusterStore store, NodeSteps steps, ClusterRunnerOptions options, TimeProvider time)
{
    public async Task RunAsync(ClusterRecord cluster, NodeLink link, IReadOnlyList<string> otherHostnames, ClusterSecrets secrets, CancellationToken cancellationToken)
    {
        var node = link.Node;
        store.ClearPhase(cluster.Name, node.Target, PlanPhases.Preflight);
        store.ClearPhase(cluster.Name, node.Target, PlanPhases.Fix);
        if (link.Live is null)
        {
            var reach = $"{node.Target} cannot be reached: {link.Unreachable}";
            store.Prepare(cluster.Name, node.Target, PlanPhases.Preflight, [("reach the node", null)]);
            steps.Record(cluster.Name, node, PlanPhases.Preflight, 0, "reach the node", false, "", reach, secrets, Resume(cluster));
            throw new NodeBranchFailed(reach, $"make it reachable, then: {Resume(cluster)}");
        }
        var findings = Judge(cluster, link, otherHostnames, secrets);
        var refusals = findings.Where(f => f.Level == FindingLevel.Refusal).ToList();
        if (refusals.Count > 0 && cluster.FixConsent && refusals.All(r => r.Fix is not null))
        {
            await FixAsync(cluster, link, refusals[0].Fix!, secrets, cancellationToken).ConfigureAwait(false);
            findings = Judge(cluster, link, otherHostnames, secrets);
            refusals = [.. findings.Where(f => f.Level == FindingLevel.Refusal)];
        }
        if (refusals.Count > 0)
        {
            var fixable = refusals.All(r => r.Fix is not null);
            throw new NodeBranchFailed($"the preflight refused {node.Target}: {string.Join("; ", refusals.Select(r => $"{r.Check}: {r.Message}"))}",
                fixable && !cluster.FixConsent
                    ? $"let the hub fix it and reboot the node: pi-controller cluster resume {cluster.Name} --fix (or fix it yourself, then: {Resume(cluster)})"
                    : $"fix it on the node, then: {Resume(cluster)}");
        }
    }

    public static string Resume(ClusterRecord cluster) => $"pi-controller cluster resume {cluster.Name}";

    private IReadOnlyList<PreflightFinding> Judge(ClusterRecord cluster, NodeLink link, IReadOnlyList<string> otherHostnames, ClusterSecrets secrets)
    {
        var node = link.Node;
        var findings = PreflightRules.Evaluate(link.Live! with { OtherHostnames = otherHostnames }, node.Role);
        store.Prepare(cluster.Name, node.Target, PlanPhases.Preflight, [.. findings.Select(f => ("check " + f.Check, (string?)null))]);
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            var refused = f.Level == FindingLevel.Refusal;
            steps.Record(cluster.Name, node, PlanPhases.Preflight, i, "check " + f.Check, !refused,
                refused ? "" : $"{Level(f.Level)}: {f.Message}", refused ? $"refused: {f.Message}" : "", secrets);
        }
        return findings;
    }

    private async Task FixAsync(ClusterRecord cluster, NodeLink link, CmdlineFix fix, ClusterSecrets secrets, CancellationToken cancellationToken)
    {
        var node = link.Node;
        var description = $"write {fix.Path} as \"{fix.NewLine.TrimEnd()}\", reboot, and wait for the node to come back";
        store.Prepare(cluster.Name, node.Target, PlanPhases.Fix, [(description, fix.Path)]);
        var bootId = await link.Open.BootIdAsync(cancellationToken).ConfigureAwait(false);
        await link.Open.FixBootCmdlineAndRebootAsync(fix.Path, fix.NewLine, cancellationToken).ConfigureAwait(false);
        var deadline = time.GetUtcNow() + options.RebootTimeout;
        while (true)
        {
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
            if (await link.ReachAsync(cancellationToken).ConfigureAwait(false)
                && await BootIdOrNullAsync(link, cancellationToken).ConfigureAwait(false) is { } now && now != bootId)
            {
                steps.Record(cluster.Name, node, PlanPhases.Fix, 0, description, true, "the node rebooted and is back", "", secrets);
                return;
            }
            if (time.GetUtcNow() > deadline)
            {
                var error = $"{node.Target} did not come back within {options.RebootTimeout.TotalMinutes:0} minutes of its reboot";
                steps.Record(cluster.Name, node, PlanPhases.Fix, 0, description, false, "", error, secrets);
                throw new NodeBranchFailed(error, $"check its power and network, then: {Resume(cluster)}");
            }
        }
    }

    private static async Task<string?> BootIdOrNullAsync(NodeLink link, CancellationToken cancellationToken)
    {
        try
        {
            return await link.Open.BootIdAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Transport.NodeUnreachableException)
        {
            return null;
        }
    }

    private static string Level(FindingLevel level) => level == FindingLevel.Warning ? "warning" : "ok";
}
