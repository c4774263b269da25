namespace PiController.Hub.Provisioning.Transport;

/// <summary>One row of <c>k3s etcd-snapshot ls</c>.</summary>
/// <param name="Name">PREFIX-NODE-UNIXTIME.</param>
/// <param name="Location">file:///var/lib/rancher/k3s/server/db/snapshots/NAME, or an s3:// URL.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Created">When K3s took it.</param>
internal sealed record SnapshotFile(string Name, string Location, long Size, DateTimeOffset Created);
