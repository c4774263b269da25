namespace PiController.Hub.Provisioning.Transport;

/// <summary>What <c>k3s etcd-snapshot</c> does on a server: save a snapshot, list them, or prune the on-demand ones beyond a count.</summary>
internal enum EtcdSnapshotAction
{
    Save,
    List,
    Prune,
}
