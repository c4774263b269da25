using PiController.Hub.Kube.Client;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>The Kubernetes API of a cluster the hub manages, as an upgrade reaches it.</summary>
internal interface IClusterApis
{
    /// <summary>The cluster's API; <see cref="Api.HubException"/> (Precondition) when the hub does not manage it (yet).</summary>
    IKubeApi Open(string cluster);
}
