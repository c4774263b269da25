using PiController.Hub.Agents;
using PiController.Protocol.Link;

namespace PiController.Hub.Resources;

/// <summary>A node that connects or disconnects is reconciled: what its agent holds is compared with its resources.</summary>
internal sealed class ReconcileOnConnect(ReconcileQueue queue) : IAgentConnections
{
    public void Connected(AgentSession session, Hello hello) => queue.Enqueue(session.NodeId);

    public void Disconnected(AgentSession session, string ended) => queue.Enqueue(session.NodeId);
}
