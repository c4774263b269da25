namespace PiController.Hub.Kube.Manager;

/// <summary>The cluster manager as other parts of the hub reach it.</summary>
internal interface IClusterManager
{
    /// <summary>The controller of a cluster the hub manages now (its first sync may still be under way), or null.</summary>
    ClusterContext? Find(string cluster);

    /// <summary>The controllers running now.</summary>
    IReadOnlyList<ClusterContext> Running { get; }

    /// <summary>The managed cluster a hub node belongs to (by cluster membership), or null for a standalone node.</summary>
    string? ClusterOf(string nodeId);

    /// <summary>Queues a part's own key in a cluster (ignored when that cluster is not managed).</summary>
    void Enqueue(string cluster, string part, string key);

    /// <summary>Starts, restarts or stops a cluster's controller after its kubeconfig or state changed.</summary>
    void Refresh(string cluster);
}
