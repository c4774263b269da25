using System.Collections.Concurrent;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Benchmarks;

/// <summary>
/// A benchmark-only double of the node side, registered for ssh: targets in a real in-process hub (as the Hub.Tests'
/// TestDoubleTransportProvider is): every node answers at once, so a plan's time is the hub's own (planning, SQLite,
/// sealing, events), not a node's. Each node keeps the files the hub wrote and the units it started.
/// </summary>
internal sealed class ImmediateNodeTransportProvider : INodeTransportProvider
{
    private readonly ConcurrentDictionary<string, ImmediateNode> _nodes = new(StringComparer.Ordinal);

    public NodeTransportKind Kind => NodeTransportKind.Ssh;

    public Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken) =>
        Task.FromResult<INodeTransport>(new ImmediateNodeTransport(target.Name, _nodes.GetOrAdd(target.Name, _ => new ImmediateNode())));
}
