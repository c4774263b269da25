using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Hub.Nodes;

/// <summary>
/// Nodes' share of the agent link: heartbeats and hardware reports are recorded on the node, and each connect and
/// disconnect is recorded and published.
/// </summary>
internal sealed class NodeLinkHandler(NodeStore nodes, Events.NodeEvents events, TimeProvider time) : IAgentMessageHandler, IAgentConnections
{
    public IReadOnlyCollection<AgentMessage.BodyOneofCase> Handles { get; } =
        [AgentMessage.BodyOneofCase.Heartbeat, AgentMessage.BodyOneofCase.HardwareChanged];

    public ValueTask HandleAsync(AgentSession session, AgentMessage message, CancellationToken cancellationToken)
    {
        if (message.BodyCase == AgentMessage.BodyOneofCase.Heartbeat)
        {
            nodes.RecordHeartbeat(session.NodeId, message.Heartbeat.Metrics ?? new Metrics());
        }
        else
        {
            var report = message.HardwareChanged;
            AgentReports.Clean(report);
            var previous = nodes.Hardware(session.NodeId);
            nodes.RecordHardware(session.NodeId, report);
            events.HardwareChanged(session.NodeId, previous, report);
        }
        return ValueTask.CompletedTask;
    }

    public void Connected(AgentSession session, Hello hello) => events.Connected(hello, session.RemoteAddress);

    public void Disconnected(AgentSession session, string ended)
    {
        nodes.RecordDisconnect(session.NodeId);
        events.Disconnected(session.NodeId, session.RemoteAddress, time.GetUtcNow() - session.ConnectedAt, ended);
    }
}
