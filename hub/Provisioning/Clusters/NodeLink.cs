using PiController.Hub.Provisioning.Preflight;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>A node of a running plan: its row, its open transport (reopened after a reboot), and its live facts.</summary>
internal sealed class NodeLink(ClusterNodeRecord node, NodeTransports transports) : IAsyncDisposable
{
    public ClusterNodeRecord Node { get; } = node;

    public INodeTransport? Transport { get; private set; }

    public PreflightFacts? Live { get; set; }

    /// <summary>Why the node could not be reached, when it could not.</summary>
    public string? Unreachable { get; private set; }

    /// <summary>Opens the transport (again) and reads the live facts; false with <see cref="Unreachable"/> set when the node cannot be reached.</summary>
    public async Task<bool> ReachAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync().ConfigureAwait(false);
        try
        {
            Transport = await transports.OpenAsync(Node.Target, cancellationToken).ConfigureAwait(false);
            Live = await Transport.GatherFactsAsync([], cancellationToken).ConfigureAwait(false);
            Unreachable = null;
            return true;
        }
        catch (NodeUnreachableException e)
        {
            Unreachable = e.Message;
            return false;
        }
    }

    public INodeTransport Open => Transport ?? throw new NodeUnreachableException(Unreachable ?? $"{Node.Target} is not reached");

    public async ValueTask DisposeAsync()
    {
        if (Transport is { } transport)
        {
            Transport = null;
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
