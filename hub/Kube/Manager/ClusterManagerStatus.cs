using PiController.Hub.Kube.Informers;

namespace PiController.Hub.Kube.Manager;

/// <summary>A cluster's controller as the API shows it (<c>pi-controller cluster get</c>): never a secret.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Managed">A controller runs for it (a provisioned cluster that is ready with a kubeconfig, or an imported one).</param>
/// <param name="Phase">preparing, syncing or running; empty when not managed.</param>
/// <param name="Synced">Every watched kind has been listed once.</param>
/// <param name="Kinds">Each informer: synced, objects, version, watch restarts by reason, last error.</param>
/// <param name="Queued">Work items waiting or running.</param>
/// <param name="Retrying">Work items that failed and wait for their retry.</param>
/// <param name="LastError">The latest failure (preparing a part, listing or watching), or null.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="Parts">The parts reconciled in it.</param>
internal sealed record ClusterManagerStatus(string Cluster, bool Managed, string Phase, bool Synced, IReadOnlyList<InformerStatus> Kinds, int Queued, int Retrying,
    string? LastError, DateTimeOffset? LastErrorAt, IReadOnlyList<string> Parts)
{
    public static ClusterManagerStatus NotManaged(string cluster) => new(cluster, false, "", false, [], 0, 0, null, null, []);
}
