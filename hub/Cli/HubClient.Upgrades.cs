using PiController.Hub.Kube.Upgrades;

namespace PiController.Hub.Cli;

/// <summary>Rolling upgrades (/api/v1/clusters/{name}/upgrade and /rollback): plans, runs and where the latest stands.</summary>
internal sealed partial class HubClient
{
    /// <summary>The upgrade as the hub would carry it out (a dry run: nothing stored or changed).</summary>
    public Task<UpgradeView> PlanUpgradeAsync(string name, UpgradeClusterRequest request, CancellationToken cancellationToken) =>
        PostAsync($"{ClustersPath}/{Escape(name)}/upgrade", request with { DryRun = true }, HubJsonContext.Default.UpgradeClusterRequest, HubJsonContext.Default.UpgradeView, cancellationToken);

    public Task<UpgradeView> UpgradeClusterAsync(string name, UpgradeClusterRequest request, CancellationToken cancellationToken) =>
        PostAsync($"{ClustersPath}/{Escape(name)}/upgrade", request with { DryRun = false }, HubJsonContext.Default.UpgradeClusterRequest, HubJsonContext.Default.UpgradeView, cancellationToken);

    public Task<UpgradeView> GetUpgradeAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"{ClustersPath}/{Escape(name)}/upgrade", HubJsonContext.Default.UpgradeView, cancellationToken);

    public Task<UpgradeView> PlanRollbackAsync(string name, RollbackNodeRequest request, CancellationToken cancellationToken) =>
        PostAsync($"{ClustersPath}/{Escape(name)}/rollback", request with { DryRun = true }, HubJsonContext.Default.RollbackNodeRequest, HubJsonContext.Default.UpgradeView, cancellationToken);

    public Task<UpgradeView> RollbackNodeAsync(string name, RollbackNodeRequest request, CancellationToken cancellationToken) =>
        PostAsync($"{ClustersPath}/{Escape(name)}/rollback", request with { DryRun = false }, HubJsonContext.Default.RollbackNodeRequest, HubJsonContext.Default.UpgradeView, cancellationToken);
}
