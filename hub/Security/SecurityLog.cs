namespace PiController.Hub.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(200, LogLevel.Information, "Node {NodeId} enrolled from {Source}: certificate {Serial}")]
    public static partial void Enrolled(ILogger logger, string nodeId, string source, string serial);

    [LoggerMessage(201, LogLevel.Warning, "Enrollment of node {NodeId} from {Source} refused: {Reason}")]
    public static partial void EnrollmentRefused(ILogger logger, string nodeId, string source, string reason);

    [LoggerMessage(202, LogLevel.Information, "Node {NodeId} renewed its certificate: {Serial} valid until {NotAfter}")]
    public static partial void Renewed(ILogger logger, string nodeId, string serial, DateTimeOffset notAfter);
}
