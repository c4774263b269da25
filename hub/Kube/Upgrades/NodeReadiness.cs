namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Waits until a node is back: its Ready condition True, its kubelet on the expected release
/// (status.nodeInfo.kubeletVersion) and, for a server, etcd healthy (GET /readyz/etcd), bounded by
/// <see cref="UpgradeOptions.ReadyTimeout"/>. The failure says which of the three is missing.
/// </summary>
internal sealed class NodeReadiness(UpgradeOptions options, TimeProvider time)
{
    public TimeSpan Timeout => options.ReadyTimeout;

    /// <param name="node">The node.</param>
    /// <param name="version">The release its kubelet must report; null: any.</param>
    /// <param name="kube">The cluster's API.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    public async Task<string> WaitAsync(UpgradeNodePlan node, string? version, KubeNodeOps kube, CancellationToken cancellationToken)
    {
        var expected = ReleaseVersion.Parse(version);
        var deadline = time.GetUtcNow() + options.ReadyTimeout;
        var server = node.Role == Provisioning.Install.K3sRole.Server;
        while (true)
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
            if (time.GetUtcNow() >= deadline)
            {
                var missing = current is null ? "it is not in the Kubernetes API" : string.Join(", ", new[]
                {
                    ready ? null : KubeNodeOps.ReadyText(current),
                    onRelease ? null : $"its kubelet reports {kubelet ?? "no version"}, not {expected}",
                    etcd is null ? null : $"etcd: {etcd}",
                }.OfType<string>());
                throw new UpgradeStepFailed($"{node.KubeNode} is not back after {options.ReadyTimeout.TotalSeconds:0} s: {missing}",
                    $"look at journalctl -u {node.Unit} on the node; the upgrade can be run again once the cause is fixed");
            }
            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
