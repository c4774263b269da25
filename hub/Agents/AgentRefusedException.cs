using Grpc.Core;

namespace PiController.Hub.Agents;

/// <summary>
/// The link refuses the agent or ends its stream: the status the agent sees (Unauthenticated: its credentials are
/// no longer good and it enrolls again; AlreadyExists: another agent holds the node id) and a message that says what to do.
/// </summary>
internal sealed class AgentRefusedException(StatusCode status, string message, string? nodeId = null) : Exception(message)
{
    public StatusCode Status { get; } = status;

    /// <summary>The node the refused credentials name, for the log line; null when it is the one in Hello.</summary>
    public string? NodeId { get; } = nodeId;
}
