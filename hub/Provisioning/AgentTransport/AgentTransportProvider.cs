using PiController.Hub.Agents;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.AgentTransport;

/// <summary>Opens the agent transport to an enrolled node whose agent is connected now.</summary>
internal sealed class AgentTransportProvider(AgentRegistry registry, TimeProvider time) : INodeTransportProvider
{
    public NodeTransportKind Kind => NodeTransportKind.Agent;

    public Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken)
    {
        if (target.Kind != NodeTransportKind.Agent)
        {
            throw new ArgumentException($"{target} is not reached through an agent", nameof(target));
        }
        if (!registry.IsConnected(target.Name))
        {
            throw new NodeUnreachableException(AgentNodeTransport.NotConnected(target.Name));
        }
        return Task.FromResult<INodeTransport>(new AgentNodeTransport(target.Name, registry, time));
    }
}
