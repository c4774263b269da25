using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>Opens <see cref="UpgradeTransport"/>s for ssh: targets.</summary>
internal sealed class UpgradeTransportProvider(StandInK3s k3s) : INodeTransportProvider
{
    public NodeTransportKind Kind => NodeTransportKind.Ssh;

    public Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken) =>
        Task.FromResult<INodeTransport>(new UpgradeTransport(target.Name, k3s));
}
