using PiController.Hub.Api;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// The API of a cluster through the cluster manager's controller of it (one connection per cluster, shared with the
/// other parts). A cluster that has just become ready is taken on at once rather than at the manager's next pass.
/// </summary>
internal sealed class ManagedClusterApis(IClusterManager? manager = null) : IClusterApis
{
    public IKubeApi Open(string cluster) => Find(cluster) ?? throw new HubException(HubErrorKind.Precondition,
        $"the hub does not manage cluster {cluster}'s Kubernetes API (yet): its first server has not given a kubeconfig, or the cluster manager has not started it; " +
        $"pi-controller cluster get {cluster} shows where it stands");

    private IKubeApi? Find(string cluster)
    {
        if (manager is null)
        {
            return null;
        }
        if (manager.Find(cluster) is null)
        {
            manager.Refresh(cluster);
        }
        return manager.Find(cluster)?.Api;
    }
}
