using Microsoft.Extensions.Logging;

namespace PiController.Agent.Link;

internal static partial class LinkLog
{
    [LoggerMessage(1, LogLevel.Information, "Connected to hub {Hub} as node {NodeId} ({Elapsed} ms after start)")]
    public static partial void Connected(ILogger logger, Uri hub, string nodeId, long elapsed);

    [LoggerMessage(2, LogLevel.Warning, "Hub {Hub} refused this agent: {Reason}; retrying in {Delay}")]
    public static partial void Refused(ILogger logger, Uri hub, string reason, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Warning, "Hub {Hub} unreachable: {Reason}; retrying in {Delay} (attempt {Attempt})")]
    public static partial void Unreachable(ILogger logger, Uri hub, string reason, TimeSpan delay, int attempt);

    [LoggerMessage(4, LogLevel.Warning, "Link to hub {Hub} lost: {Reason}")]
    public static partial void Lost(ILogger logger, Uri hub, string reason);

    [LoggerMessage(7, LogLevel.Information, "Enrolled with hub {Hub} as node {NodeId}; certificate valid until {NotAfter}")]
    public static partial void Enrolled(ILogger logger, Uri hub, string nodeId, DateTime notAfter);

    [LoggerMessage(8, LogLevel.Information, "Certificate of node {NodeId} rotated; the new one is valid until {NotAfter}")]
    public static partial void Rotated(ILogger logger, string nodeId, DateTime notAfter);

    [LoggerMessage(6, LogLevel.Information, "Link to hub {Hub} closed")]
    public static partial void Closed(ILogger logger, Uri hub);
}
