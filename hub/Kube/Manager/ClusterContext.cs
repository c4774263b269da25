using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Kube.Manager;

/// <summary>
/// What a part sees of one managed cluster: its name, its API, the informers' caches and its work queue. The
/// manager makes one per cluster controller; the parts never make their own.
/// </summary>
internal abstract class ClusterContext
{
    public abstract string Name { get; }

    public abstract IKubeApi Api { get; }

    /// <summary>The cache of a kind some part watches (a kind no part watches throws).</summary>
    public abstract IKubeCache Cache(KubeKind kind);

    /// <summary>Every watched kind has been listed once.</summary>
    public abstract bool Synced { get; }

    /// <summary>Queues a part's own key (coalesced with the same key already waiting).</summary>
    public abstract void Enqueue(string part, string key);

    /// <summary>The hub node id of a Kubernetes node (by the node-id label, else hostname and internal IP), or null when unmatched.</summary>
    public abstract string? NodeIdOf(string kubernetesNode);

    /// <summary>The Kubernetes node name of a hub node, or null when it is not (yet) a node of this cluster.</summary>
    public abstract string? KubernetesNodeOf(string nodeId);
}
