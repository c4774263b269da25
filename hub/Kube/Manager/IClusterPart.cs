using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Kube.Manager;

/// <summary>
/// One concern the cluster manager keeps in step in every cluster it manages (the GPIO custom resources, node
/// labels and taints, membership, quotas). Registered in DI; the manager runs one controller per cluster that serves
/// every part: it prepares them, starts one informer per kind that any part watches, waits for the first full sync,
/// then calls <see cref="ReconcileAsync"/> from a coalescing, rate-limited work queue.
/// </summary>
internal interface IClusterPart
{
    /// <summary>A short name (node-labels, gpio-resources): the work queue's prefix, the log's and the metrics' label.</summary>
    string Name { get; }

    /// <summary>The kinds whose changes this part reconciles: a changed object's key is queued for the part.</summary>
    IReadOnlyList<KubeKind> Watches { get; }

    /// <summary>Runs once when the cluster's controller starts, before any informer (installs CRDs, for example). Throwing retries the start with backoff.</summary>
    Task PrepareAsync(ClusterContext cluster, CancellationToken cancellationToken);

    /// <summary>
    /// Brings one key in step: an object key of a watched kind (<see cref="WorkItem.Kind"/> set) or a key the part
    /// queued itself through <see cref="ClusterContext.Enqueue"/> or <see cref="IClusterManager.Enqueue"/>
    /// (<see cref="WorkItem.Kind"/> null). Every key is queued again on each resync. Throwing requeues it with backoff.
    /// </summary>
    Task ReconcileAsync(ClusterContext cluster, WorkItem item, CancellationToken cancellationToken);
}
