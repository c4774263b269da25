using PiController.Hub.Provisioning.Artifacts;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>Opens <see cref="SshTransport"/>s to targets named <c>ssh:NAME</c>: reads the target and its jump hosts, opens their sealed credentials for this connection only, and records a host key seen on first use.</summary>
internal sealed class SshTransportProvider(SshTargetStore store, K3sArtifactStore artifacts, SshTransportOptions options, TimeProvider time,
    ILogger<SshTransportProvider> logger) : INodeTransportProvider
{
    public NodeTransportKind Kind => NodeTransportKind.Ssh;

    public async Task<INodeTransport> OpenAsync(NodeTarget target, CancellationToken cancellationToken)
    {
        if (target.Kind != NodeTransportKind.Ssh)
        {
            throw new ArgumentException($"{target} is not an ssh target", nameof(target));
        }
        var node = Find(target.Name, $"no ssh target {target.Name}; add it: pi-controller ssh add {target.Name} --host HOST --user USER --key FILE");
        var hops = node.Jumps
            .Select(jump => Find(jump, $"the jump host {jump} of ssh target {node.Name} no longer exists; add it again: pi-controller ssh add {jump} ..."))
            .Append(node)
            .Select(hop => new SshHop(hop, store.Credentials(hop.Name)))
            .ToList();
        var session = await SshSession.OpenAsync(hops, options, Pin, cancellationToken).ConfigureAwait(false);
        return new SshTransport(node, hops[^1].Credentials, session, artifacts, options, time, logger);
    }

    private SshTarget Find(string name, string missing) => store.Get(name) ?? throw new NodeUnreachableException(missing);

    private void Pin(SshTarget target, string algorithm, string fingerprint)
    {
        if (store.PinOnFirstUse(target.Name, algorithm, fingerprint))
        {
            SshLog.Pinned(logger, target.Name, algorithm, fingerprint);
        }
        else
        {
            store.NoteAlgorithm(target.Name, algorithm, fingerprint);
        }
    }
}
