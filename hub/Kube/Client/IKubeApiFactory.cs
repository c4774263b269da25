namespace PiController.Hub.Kube.Client;

/// <summary>Makes a cluster's <see cref="IKubeApi"/> from its kubeconfig's text (a test may put another in its place).</summary>
internal interface IKubeApiFactory
{
    IKubeApi Create(string cluster, string kubeconfig);
}

/// <summary>The hub's own: <see cref="KubeApi"/>.</summary>
internal sealed class KubeApiFactory : IKubeApiFactory
{
    public IKubeApi Create(string cluster, string kubeconfig) => KubeApi.FromKubeconfig(cluster, kubeconfig);
}
