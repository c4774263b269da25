namespace PiController.Hub.Provisioning.Snapshots;

/// <summary>A row of etcd_snapshots: a snapshot the hub last saw listed on one of a cluster's servers.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Name">K3s's name for it (PREFIX-NODE-UNIXTIME).</param>
/// <param name="Node">The server it was listed on (a node id, or ssh:NAME).</param>
/// <param name="Location">file:///... on that server, or an s3:// URL.</param>
/// <param name="Size">Bytes.</param>
/// <param name="CreatedAt">When K3s took it.</param>
/// <param name="SeenAt">When the hub last listed it.</param>
internal sealed record SnapshotRecord(string Cluster, string Name, string Node, string Location, long Size, DateTimeOffset CreatedAt, DateTimeOffset SeenAt);
