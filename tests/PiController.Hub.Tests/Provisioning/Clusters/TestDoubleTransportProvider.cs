using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Tests.Provisioning.Clusters;

/// <summary>Opens <see cref="TestDoubleTransport"/>s for ssh: targets.</summary>
internal sealed class TestDoubleTransportProvider(TestDoubleNodes nodes) : INodeTransportProvider
{
    public NodeTransportKind Kind => NodeTransportKind.Ssh;

    public Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken) =>
        Task.FromResult<INodeTransport>(new TestDoubleTransport(target.Name, nodes));
}
