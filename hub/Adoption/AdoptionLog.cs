namespace PiController.Hub.Adoption;

/// <summary>The adoption's log lines; none carries a credential or the join token.</summary>
internal static partial class AdoptionLog
{
    [LoggerMessage(1, LogLevel.Information, "Adopting {Name} ({Address}, {Architecture}) as node {NodeId}; host key {HostKey}")]
    public static partial void Started(ILogger logger, string name, string address, string architecture, string nodeId, string hostKey);

    [LoggerMessage(2, LogLevel.Information, "Adoption of {Name}: step {Index} ({Step}) ended with exit code {ExitCode}")]
    public static partial void Step(ILogger logger, string name, int index, string step, int? exitCode);

    [LoggerMessage(3, LogLevel.Information, "Adoption of {Name}: node {NodeId} enrolled and connected")]
    public static partial void Enrolled(ILogger logger, string name, string nodeId);

    [LoggerMessage(4, LogLevel.Warning, "Adoption of {Name} failed: {Error}")]
    public static partial void Failed(ILogger logger, string name, string error);
}
