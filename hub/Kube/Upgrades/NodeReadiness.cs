using System.Net;
using PiController.Hub.Kube.Client;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Waits until a node is back: its Ready condition True, its kubelet on the expected release
/// (status.nodeInfo.kubeletVersion) and, for a server, etcd healthy (GET /readyz/etcd), bounded by the run's ready
/// timeout. While a server restarts, the API it serves may not answer (a single-server cluster has no other; K3s on a
/// Pi takes a minute to serve again): that is "not back yet", not a failure. The failure at the timeout says which of
/// the three is missing, or that the API never answered.
/// </summary>
internal sealed class NodeReadiness(UpgradeOptions options, TimeProvider time)
{
    /// <param name="node">The node.</param>
    /// <param name="version">The release its kubelet must report; null: any.</param>
    /// <param name="timeout">How long it may take.</param>
    /// <param name="kube">The cluster's API.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    public async Task<string> WaitAsync(UpgradeNodePlan node, string? version, TimeSpan timeout, KubeNodeOps kube, CancellationToken cancellationToken)
    {
        var expected = ReleaseVersion.Parse(version);
        var deadline = time.GetUtcNow() + timeout;
        var server = node.Role == Provisioning.Install.K3sRole.Server;
        while (true)
        {
            string missing;
            try
            {
                var current = await kube.NodeAsync(node.KubeNode, cancellationToken).ConfigureAwait(false);
                var kubelet = current is null ? null : KubeNodeOps.KubeletVersion(current);
                var ready = current is not null && KubeNodeOps.IsReady(current);
                var onRelease = expected is null || (ReleaseVersion.Parse(kubelet) is { } running && running.SameRelease(expected));
                var etcd = ready && onRelease && server ? await kube.EtcdProblemAsync(cancellationToken).ConfigureAwait(false) : null;
                if (ready && onRelease && etcd is null)
                {
                    return $"Ready, kubelet {kubelet}{(server ? ", etcd healthy" : "")}";
                }
                missing = current is null ? "it is not in the Kubernetes API" : string.Join(", ", new[]
                {
                    ready ? null : KubeNodeOps.ReadyText(current),
                    onRelease ? null : $"its kubelet reports {kubelet ?? "no version"}, not {expected}",
                    etcd is null ? null : $"etcd: {etcd}",
                }.OfType<string>());
            }
            catch (Exception e) when (e is KubeUnreachableException || ApiStatus.Of(e) is { Status: >= HttpStatusCode.InternalServerError })
            {
                // A restarting API server: refused connections, then 503 while it starts.
                missing = $"the Kubernetes API does not answer ({ApiStatus.Describe(e)})";
            }
            if (time.GetUtcNow() >= deadline)
            {
                throw new UpgradeStepFailed($"{node.KubeNode} is not back after {timeout.TotalSeconds:0} s: {missing}",
                    $"look at journalctl -u {node.Unit} on the node; the upgrade can be run again once the cause is fixed (--ready-timeout gives slow nodes longer)");
            }
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
