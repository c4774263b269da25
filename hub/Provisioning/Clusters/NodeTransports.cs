using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// Opens a node's transport through the provider registered for its kind (the agent's stream for a node id, SSH
/// for ssh:NAME); one provider per kind, registered in DI as <see cref="INodeTransportProvider"/>.
/// </summary>
internal sealed class NodeTransports(IEnumerable<INodeTransportProvider> providers)
{
    private readonly IReadOnlyList<INodeTransportProvider> _providers = [.. providers];

    public bool Supports(NodeTransportKind kind) => _providers.Any(p => p.Kind == kind);

    /// <summary>The node's transport; <see cref="NodeUnreachableException"/> when it cannot be reached or no transport of its kind is served.</summary>
    public Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken)
    {
        var provider = _providers.LastOrDefault(p => p.Kind == target.Kind) ?? throw new NodeUnreachableException(target.Kind == NodeTransportKind.Ssh
            ? $"{target} cannot be reached: this hub serves no SSH transport"
            : $"{target} cannot be reached: this hub serves no agent transport");
        return provider.OpenAsync(target, cancellationToken);
    }
}
