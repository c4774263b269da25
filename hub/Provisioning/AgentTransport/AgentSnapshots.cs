using PiController.Hub.Provisioning.Transport;
using PiController.Protocol.Link;

namespace PiController.Hub.Provisioning.AgentTransport;

/// <summary>The etcd snapshot step as the link command the agent carries out, and its answer as the transport's outcome: pure mappings.</summary>
internal static class AgentSnapshots
{
    /// <summary>A save on a Pi writes the whole etcd database to its disk; a large one on an SD card takes minutes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static Command Command(EtcdSnapshotRequest request) => new()
    {
        EtcdSnapshot = new EtcdSnapshot
        {
            Action = request.Action switch
            {
                EtcdSnapshotAction.Save => EtcdSnapshot.Types.Action.Save,
                EtcdSnapshotAction.Prune => EtcdSnapshot.Types.Action.Prune,
                _ => EtcdSnapshot.Types.Action.List,
            },
            Name = request.Name ?? "",
            Retention = (uint)Math.Max(0, request.Retention),
        },
    };

    public static EtcdSnapshotOutcome Outcome(EtcdSnapshots answer) => new(null,
        answer.Datastore switch
        {
            EtcdSnapshots.Types.Datastore.Etcd => EtcdDatastore.Etcd,
            EtcdSnapshots.Types.Datastore.Sqlite => EtcdDatastore.Sqlite,
            _ => EtcdDatastore.None,
        },
        answer.Changed, answer.Detail,
        [.. answer.Snapshots.Select(s => new SnapshotFile(s.Name, s.Location, (long)Math.Min(s.Size, long.MaxValue), s.Created?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch))]);
}
