using System.Collections.Concurrent;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Kube.CustomResources;

/// <summary>
/// The cluster part "gpio-resources": in every managed cluster it installs the GPIOPin, PWMController and I2CDevice
/// definitions (deploy/crds) and waits until they are Established, watches the three kinds and the Nodes, and brings
/// each object in step through <see cref="ProjectionReconciler"/>. A Node that changed queues the objects on it that
/// are not yet placed on a hub node (it may have just been matched to one). The first key after a controller starts
/// also deletes the projections whose object disappeared while the hub was away.
/// </summary>
internal sealed class GpioResourcesPart(CrdInstaller crds, ProjectionReconciler projections) : IClusterPart
{
    public const string PartName = "gpio-resources";

    private readonly ConcurrentDictionary<string, bool> _swept = new(StringComparer.Ordinal);

    public string Name => PartName;

    public IReadOnlyList<KubeKind> Watches { get; } = [.. CustomResourceKinds.All, KubeKind.Nodes];

    public async Task PrepareAsync(ClusterContext cluster, CancellationToken cancellationToken)
    {
        await crds.InstallAsync(cluster.Api, cancellationToken).ConfigureAwait(false);
        _swept[cluster.Name] = false;
    }

    public async Task ReconcileAsync(ClusterContext cluster, WorkItem item, CancellationToken cancellationToken)
    {
        if (!_swept.GetValueOrDefault(cluster.Name))
        {
            await projections.SweepAsync(cluster, cancellationToken).ConfigureAwait(false);
            _swept[cluster.Name] = true;
        }
        if (item.Kind == KubeKind.Nodes)
        {
            NodeChanged(cluster, item.Key);
        }
        else if (item.Kind is { } kind)
        {
            await projections.ReconcileAsync(cluster, kind, item.Key, cancellationToken).ConfigureAwait(false);
        }
        else if (CustomResourceKinds.ParseOwnKey(item.Key) is { } own)
        {
            await projections.ReconcileAsync(cluster, own.Kind, own.Key, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void NodeChanged(ClusterContext cluster, string node)
    {
        var nodeId = cluster.NodeIdOf(node);
        foreach (var kind in CustomResourceKinds.All)
        {
            foreach (var cached in cluster.Cache(kind).List())
            {
                var cr = new CustomResourceObject(kind, cached);
                var placed = cr.Status.TryGetProperty("hubNode", out var n) ? n.GetString() : null;
                if (cr.Node == node && placed != nodeId)
                {
                    cluster.Enqueue(PartName, CustomResourceKinds.OwnKey(CustomResourceKinds.HubKind(kind)!.Value, cr.Namespace, cr.Name));
                }
            }
        }
    }
}
