using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// Told when an agent's stream is attached (after admission, before Welcome) and when the node's current stream
/// ends (not when an older stream is superseded). Nodes records and publishes the moment; Resources reconciles.
/// Called in the order they were registered.
/// </summary>
internal interface IAgentConnections
{
    void Connected(AgentSession session, Hello hello);

    /// <param name="session">The stream that ended.</param>
    /// <param name="ended">Why the stream ended, in words for the event and the log.</param>
    void Disconnected(AgentSession session, string ended);
}
