using PiController.Hub.Api;
using PiController.Hub.Nodes;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;
using PiController.Hub.Provisioning.Trust;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// A plan shown, not run: every node that can be reached is read (read-only) and judged by the preflight, and
/// every node's steps are built exactly as the run builds them, with CAs and passwords made for the showing (the
/// real ones are made when the plan is created) and masked in the text. Nothing is stored and no node changes.
/// </summary>
internal sealed class ClusterDryRun(ClusterPlanner planner, NodeStore nodeStore, NodeTransports transports, TimeProvider time)
{
    public async Task<ClusterPlanView> PlanAsync(string name, IReadOnlyList<NodeTarget> servers, IReadOnlyList<NodeTarget> agents, string version,
        IReadOnlyList<string> disable, CancellationToken cancellationToken)
    {
        var ordinal = 0;
        var nodes = servers.Select(s => new ClusterNodeRecord(name, s, K3sRole.Server, ordinal++, ClusterStates.NodePending, "", ""))
            .Concat(agents.Select(a => new ClusterNodeRecord(name, a, K3sRole.Agent, ordinal++, ClusterStates.NodePending, "", ""))).ToList();
        var cluster = new ClusterRecord(name, version, new ClusterConfig(disable), false, ClusterStates.Creating, false, time.GetUtcNow(), time.GetUtcNow());
        var links = nodes.Select(n => new NodeLink(n, transports)).ToList();
        try
        {
            await Task.WhenAll(links.Select(l => l.ReachAsync(cancellationToken))).ConfigureAwait(false);
            var facts = links.ToDictionary(l => l.Node.Target.ToString(), l => l.Live is { } live
                ? NodeFacts.Stored(l.Node.Target, nodeStore).With(live, l.Transport?.Address)
                : NodeFacts.Stored(l.Node.Target, nodeStore), StringComparer.Ordinal);
            var ca = ClusterCa.Create(time.GetUtcNow());
            var secrets = ClusterSecrets.Generate();
            var views = new List<NodePlanView>();
            foreach (var link in links)
            {
                var node = link.Node;
                var others = facts.Where(f => f.Key != node.Target.ToString()).Select(f => f.Value.Hostname).OfType<string>().ToList();
                var findings = link.Live is { } live ? PreflightRules.Evaluate(live with { OtherHostnames = others }, node.Role) : [];
                NodePlan? plan = null;
                string? problem = null;
                try
                {
                    plan = planner.Plan(cluster, node, nodes, facts, ca, secrets);
                }
                catch (HubException e)
                {
                    problem = e.Message;
                }
                views.Add(new NodePlanView(node.Target.ToString(), ClusterNodeRecord.RoleText(node.Role), PlanText.Order(node, nodes), link.Unreachable,
                    [.. findings.Select(f => new FindingView(f.Check, Level(f.Level), f.Message, f.Fix is not null))],
                    plan?.Defaults ?? [], plan is null ? [] : [.. plan.Steps.Select(InstallStepText.Render)], problem));
            }
            return new ClusterPlanView(name, version, disable, views, PlanText.Render(name, version, disable, views));
        }
        finally
        {
            foreach (var link in links)
            {
                await link.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Level(FindingLevel level) => level switch
    {
        FindingLevel.Ok => "ok",
        FindingLevel.Warning => "warning",
        _ => "refusal",
    };
}
