using PiController.Hub.Kube.Client;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// The cluster manager's API factory in the upgrade tests: whatever kubeconfig a cluster has (the test double nodes
/// write a made-up one), its API is the hub's own client (<see cref="KubeApi"/>) on the Kubernetes API double.
/// </summary>
internal sealed class DoubleKubeApiFactory(KubeApiDoubleHost host) : IKubeApiFactory
{
    public IKubeApi Create(string cluster, string kubeconfig) => KubeApi.FromKubeconfig(cluster, host.Kubeconfig);
}
