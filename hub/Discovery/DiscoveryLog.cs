namespace PiController.Hub.Discovery;

/// <summary>Discovery's log lines; "node.discovered" and "node.lost" are the events issue #5's bus will carry.</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information,
        Message = "node.discovered: machine {MachineId} at {Address} (MAC {Mac}, node {NodeId}, Pi: {Confidence}) via {Source}: {Detail}")]
    public static partial void Discovered(ILogger logger, long machineId, string address, string mac, string nodeId, string confidence, string source, string detail);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "node.lost: node {NodeId} has been disconnected and silent for {LostAfter}")]
    public static partial void Lost(ILogger logger, string nodeId, TimeSpan lostAfter);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "node.found: node {NodeId}, lost before, answers again")]
    public static partial void Found(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "DHCP leases: {Warning}")]
    public static partial void LeaseWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 605, Level = LogLevel.Warning, Message = "DHCP leases: {Path}: {Count} lines skipped; the first: {First}")]
    public static partial void LeaseWarnings(ILogger logger, string path, int count, string first);

    [LoggerMessage(EventId = 606, Level = LogLevel.Information, Message = "Discovery forgot {Count} machines not seen for {ForgetAfter}")]
    public static partial void Forgotten(ILogger logger, int count, TimeSpan forgetAfter);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "Scan of {Range}: {Found} of {Probed} addresses answered on port {Port} in {Seconds:0.00} s")]
    public static partial void Scanned(ILogger logger, string range, int found, int probed, int port, double seconds);
}
