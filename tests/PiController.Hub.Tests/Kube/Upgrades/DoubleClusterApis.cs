using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Upgrades;
using PiController.KubeApiDouble;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>Every cluster's API is the hub's own client (<see cref="KubeApi"/>) on the Kubernetes API double, from the double's kubeconfig.</summary>
internal sealed class DoubleClusterApis(KubeApiDoubleHost host) : IClusterApis, IDisposable
{
    private readonly KubeApi _api = KubeApi.FromKubeconfig("lab", host.Kubeconfig);

    public IKubeApi Open(string cluster) => _api;

    public void Dispose() => _api.Dispose();
}
