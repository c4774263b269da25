using PiController.Hub.Events;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>Publishes cluster.snapshot: a save or prune of a cluster's etcd snapshots done or refused (a listing changes nothing and is not published).</summary>
internal sealed class SnapshotEvents(EventBus bus)
{
    public void Ran(SnapshotsView view, EtcdSnapshotRequest request, bool scheduled)
    {
        if (request.Action != EtcdSnapshotAction.List)
        {
            Publish(new SnapshotEventPayload(view.Cluster, view.Node, Action(request), scheduled, true, view.Changed, view.Detail, view.Snapshots.Count));
        }
    }

    public void Refused(string cluster, EtcdSnapshotRequest request, bool scheduled, string reason)
    {
        if (request.Action != EtcdSnapshotAction.List)
        {
            Publish(new SnapshotEventPayload(cluster, null, Action(request), scheduled, false, false, reason, null));
        }
    }

    private void Publish(SnapshotEventPayload payload) =>
        bus.Publish(EventTypes.ClusterSnapshot, null, payload, SnapshotsJsonContext.Default.SnapshotEventPayload);

    private static string Action(EtcdSnapshotRequest request) => request.Action == EtcdSnapshotAction.Save ? "save" : "prune";
}
