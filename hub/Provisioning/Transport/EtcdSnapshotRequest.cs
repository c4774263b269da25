namespace PiController.Hub.Provisioning.Transport;

/// <summary>One <c>k3s etcd-snapshot</c> action as a typed request: each transport builds the exact command from it.</summary>
/// <param name="Action">save, ls or prune.</param>
/// <param name="Name">Save: the name's prefix (K3s names the snapshot PREFIX-NODE-UNIXTIME); null: K3s's default, on-demand.</param>
/// <param name="Retention">Prune: how many on-demand snapshots to keep.</param>
internal sealed record EtcdSnapshotRequest(EtcdSnapshotAction Action, string? Name = null, int Retention = 0)
{
    /// <summary>The command as a person would type it on the node, for messages.</summary>
    public string Text => Action switch
    {
        EtcdSnapshotAction.Save => "k3s etcd-snapshot save" + (Name is null ? "" : $" --name {Name}"),
        EtcdSnapshotAction.Prune => $"k3s etcd-snapshot prune --snapshot-retention {Retention}",
        _ => "k3s etcd-snapshot ls",
    };
}
