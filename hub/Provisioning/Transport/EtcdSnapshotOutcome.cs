namespace PiController.Hub.Provisioning.Transport;

/// <summary>
/// What a <c>k3s etcd-snapshot</c> action did on a node: the datastore found there (nothing runs unless it is etcd),
/// whether it changed the node, K3s's own last words, and the snapshots listed after it; or, when K3s failed, why.
/// </summary>
/// <param name="Error">Why the action failed (K3s's stderr, or the agent's reason); null when it succeeded.</param>
/// <param name="Datastore">The datastore under server/db.</param>
/// <param name="Changed">A snapshot was saved, or at least one pruned.</param>
/// <param name="Detail">K3s's last line of output, for people.</param>
/// <param name="Snapshots">The snapshots listed after the action.</param>
internal sealed record EtcdSnapshotOutcome(string? Error, EtcdDatastore Datastore, bool Changed, string Detail, IReadOnlyList<SnapshotFile> Snapshots)
{
    public static EtcdSnapshotOutcome Failed(string error) => new(error, EtcdDatastore.None, false, "", []);
}
