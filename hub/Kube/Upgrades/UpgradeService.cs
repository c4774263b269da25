using PiController.Hub.Api;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Upgrades and rollbacks behind REST and gRPC: a plan is decided whole before anything is stored (a refusal stores
/// and changes nothing), stored as a run, and handed to <see cref="UpgradeRunner"/>; its progress is in the run's
/// rows and in cluster.upgrade events.
/// </summary>
internal sealed class UpgradeService(UpgradePlanner planner, UpgradeStore store, UpgradeRunner runner, ClusterStore clusters)
{
    public async Task<UpgradeView> PlanAsync(string name, UpgradeClusterRequest request, CancellationToken cancellationToken) =>
        Planned(await planner.UpgradeAsync(name, request, cancellationToken).ConfigureAwait(false));

    public async Task<UpgradeView> UpgradeAsync(string name, UpgradeClusterRequest request, CancellationToken cancellationToken) =>
        Start(await planner.UpgradeAsync(name, request, cancellationToken).ConfigureAwait(false));

    public async Task<UpgradeView> PlanRollbackAsync(string name, RollbackNodeRequest request, CancellationToken cancellationToken) =>
        Planned(await planner.RollbackAsync(name, request, cancellationToken).ConfigureAwait(false));

    public async Task<UpgradeView> RollbackAsync(string name, RollbackNodeRequest request, CancellationToken cancellationToken) =>
        Start(await planner.RollbackAsync(name, request, cancellationToken).ConfigureAwait(false));

    /// <summary>The cluster's latest upgrade or rollback and where it stands.</summary>
    public UpgradeView Get(string name)
    {
        _ = clusters.Get(name) ?? throw new HubException(HubErrorKind.NotFound, $"no cluster {TextRules.Excerpt(name)}; pi-controller cluster ls lists them");
        var run = store.Latest(name) ?? throw new HubException(HubErrorKind.NotFound,
            $"cluster {name} has not been upgraded by this hub; plan an upgrade with pi-controller cluster upgrade {name} --version VERSION --dry-run");
        return View(run);
    }

    private UpgradeView Start(UpgradePlan plan)
    {
        var id = store.Insert(plan);
        if (!runner.Start(plan.Cluster, id))
        {
            store.End(id, UpgradeStates.Failed, "another upgrade or rollback of the cluster started at the same moment; this one did nothing");
            throw new HubException(HubErrorKind.Conflict, $"an upgrade or rollback of cluster {plan.Cluster} is running; follow it with pi-controller cluster upgrade-status {plan.Cluster}");
        }
        return View(store.Get(id)!);
    }

    private UpgradeView View(UpgradeRunRecord run)
    {
        var nodes = store.Nodes(run.Id);
        var plan = new UpgradePlan(run.Cluster, run.Kind, run.From, run.To, run.Concurrency, run.DrainTimeout, run.ReadyTimeout, [.. nodes.Select(n => n.Plan)]);
        return new UpgradeView(run.Cluster, run.Id, UpgradeStates.KindText(run.Kind), run.From, run.To, run.Concurrency, (int)run.DrainTimeout.TotalSeconds,
            (int)run.ReadyTimeout.TotalSeconds, run.State, run.Detail, [.. nodes.Select(n => NodeView(n.Plan, n.State, n.Step, n.Error, n.NextAction))], UpgradePlanText.Render(plan));
    }

    private static UpgradeView Planned(UpgradePlan plan) =>
        new(plan.Cluster, 0, UpgradeStates.KindText(plan.Kind), plan.From, plan.To, plan.Concurrency, (int)plan.DrainTimeout.TotalSeconds,
            (int)plan.ReadyTimeout.TotalSeconds, "planned", "",
            [.. plan.Nodes.Select(n => NodeView(n, n.AlreadyThere ? UpgradeStates.Skipped : UpgradeStates.Pending, "", "", ""))], UpgradePlanText.Render(plan));

    private static UpgradeNodeView NodeView(UpgradeNodePlan node, string state, string step, string error, string next) =>
        new(node.Target.ToString(), ClusterNodeRecord.RoleText(node.Role), node.KubeNode, node.From, state, step, error, next);
}
