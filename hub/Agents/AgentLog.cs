namespace PiController.Hub.Agents;

internal static partial class AgentLog
{
    [LoggerMessage(100, LogLevel.Information, "Node {NodeId} connected from {Remote} (agent {Version})")]
    public static partial void Connected(ILogger logger, string nodeId, string remote, string version);

    [LoggerMessage(101, LogLevel.Information, "Node {NodeId} disconnected ({Remote})")]
    public static partial void Disconnected(ILogger logger, string nodeId, string remote);

    [LoggerMessage(102, LogLevel.Warning, "Refused agent for node {NodeId} from {Remote}: {Reason}")]
    public static partial void Refused(ILogger logger, string nodeId, string remote, string reason);
}
