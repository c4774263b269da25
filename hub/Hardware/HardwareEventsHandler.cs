using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>Hardware's share of the agent link: pin and sensor events go to <see cref="HardwareEventFeed"/>.</summary>
internal sealed class HardwareEventsHandler(HardwareEventFeed feed) : IAgentMessageHandler
{
    public IReadOnlyCollection<AgentMessage.BodyOneofCase> Handles { get; } = [AgentMessage.BodyOneofCase.HardwareEvents];

    public ValueTask HandleAsync(AgentSession session, AgentMessage message, CancellationToken cancellationToken) =>
        feed.RecordAsync(session.NodeId, message.HardwareEvents, cancellationToken);
}
