namespace PiController.Hub.Provisioning.Transport;

/// <summary>Opens transports of one kind; the agent transport and the SSH transport each register one.</summary>
internal interface INodeTransportProvider
{
    NodeTransportKind Kind { get; }

    /// <summary>Opens a transport to <paramref name="target"/>; throws <see cref="NodeUnreachableException"/> when it cannot (agent offline, host key changed ...).</summary>
    Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken);
}
