using PiController.Protocol.Link;

namespace PiController.Hub.Agents;

/// <summary>
/// A feature's share of the agent link: the kinds of agent message it owns (Nodes: heartbeats and hardware reports;
/// Hardware: pin events; Security: certificate renewals). The link delivers each message to the one handler that
/// registered its kind, in the order the agent sent them, from the stream's single reader; a handler that throws
/// ends the stream. Registered with <see cref="AgentsExtensions.AddAgentMessageHandler{T}"/>.
/// </summary>
internal interface IAgentMessageHandler
{
    /// <summary>The message kinds this handler takes; a kind has exactly one handler (checked at start).</summary>
    IReadOnlyCollection<AgentMessage.BodyOneofCase> Handles { get; }

    ValueTask HandleAsync(AgentSession session, AgentMessage message, CancellationToken cancellationToken);
}
