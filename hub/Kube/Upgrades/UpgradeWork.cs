using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>Tells the provisioner that an upgrade or rollback runs on a cluster, so no plan (add-node, remove-node, resume, delete) starts under it.</summary>
internal sealed class UpgradeWork(UpgradeRunner runner) : IClusterWork
{
    public string? Running(string cluster) => runner.Busy(cluster)
        ? $"an upgrade or rollback of it is running (pi-controller cluster upgrade-status {cluster} follows it); run this again once it ends"
        : null;
}
