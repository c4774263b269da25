namespace PiController.Hub.Provisioning.Transport;

/// <summary>The datastore a K3s node keeps under server/db, as the snapshot step found it.</summary>
internal enum EtcdDatastore
{
    /// <summary>server/db/etcd: a server of an embedded-etcd cluster; the only kind with snapshots.</summary>
    Etcd,

    /// <summary>server/db/state.db and no etcd: a single server on SQLite.</summary>
    Sqlite,

    /// <summary>Neither: an agent, no K3s, or a server on an external datastore.</summary>
    None,
}
