using PiController.Hub.Kube.Client;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// The cluster manager's API factory in the upgrade tests: whatever kubeconfig a cluster has (the test double nodes
/// write a made-up one), its API is the hub's own client (<see cref="KubeApi"/>) on the Kubernetes API double, through
/// <paramref name="relay"/> when one is given (so a test can take the API away).
/// </summary>
internal sealed class DoubleKubeApiFactory(KubeApiDoubleHost host, LoopbackRelay? relay = null) : IKubeApiFactory
{
    public IKubeApi Create(string cluster, string kubeconfig) => KubeApi.FromKubeconfig(cluster,
        relay is null ? host.Kubeconfig : host.Kubeconfig.Replace($"server: {host.Url.ToString().TrimEnd('/')}", $"server: https://127.0.0.1:{relay.Port}", StringComparison.Ordinal));
}
