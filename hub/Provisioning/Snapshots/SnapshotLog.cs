namespace PiController.Hub.Provisioning.Snapshots;

internal static partial class SnapshotLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Cluster {Cluster}: {Command} on {Node}: {Detail}")]
    public static partial void Ran(ILogger logger, string cluster, string command, string node, string detail);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Cluster {Cluster}: {Command} could not reach {Node}: {Reason}")]
    public static partial void Unreachable(ILogger logger, string cluster, string command, string node, string reason);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Cluster {Cluster}: the scheduled snapshot failed: {Reason}")]
    public static partial void ScheduleFailed(ILogger logger, string cluster, string reason);
}
