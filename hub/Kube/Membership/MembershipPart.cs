using System.Collections.Concurrent;
using System.Net;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Policy;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Kube.Membership;

/// <summary>
/// "membership": compares the hub's cluster with Kubernetes' nodes (<see cref="MembershipCheck"/>) whenever a Node
/// changes or the cluster's plan does, publishes cluster.membership when the differences change, and with the repair
/// policy repairs what an operator would: a missing node's K3s unit is restarted through its transport (at most once
/// per <see cref="RestartInterval"/>, so a node that cannot come up is not restarted in a loop), the Node object of a
/// node that left the cluster is deleted (as often, so a node whose uninstall failed does not flap). A Kubernetes node
/// no hub node matches is only reported: it may be a machine the hub never knew.
/// </summary>
internal sealed partial class MembershipPart(ClusterStore clusters, ClusterPolicyStore policies, NodeTransports transports, MembershipEvents events,
    TimeProvider time, ILogger<MembershipPart> logger) : IClusterPart
{
    public const string PartName = "membership";

    /// <summary>The part's one own key: every change of a cluster coalesces into it.</summary>
    public const string ClusterKey = "cluster";

    public static readonly TimeSpan RestartInterval = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, string> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Cluster, string Kind, string Node), DateTimeOffset> _repairedAt = new();

    public string Name => PartName;

    public IReadOnlyList<KubeKind> Watches { get; } = [KubeKind.Nodes];

    public Task PrepareAsync(ClusterContext cluster, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ReconcileAsync(ClusterContext cluster, WorkItem item, CancellationToken cancellationToken)
    {
        if (item.Kind is not null)
        {
            cluster.Enqueue(PartName, ClusterKey);
            return;
        }
        var policy = policies.Get(cluster.Name);
        var findings = Compare(clusters, cluster, policy.Repairs);
        var summary = string.Join('\n', findings.Select(f => $"{f.Kind} {f.Node} {f.KubernetesNode}"));
        if (!_last.TryGetValue(cluster.Name, out var previous) || previous != summary)
        {
            _last[cluster.Name] = summary;
            events.Changed(cluster.Name, findings, Describe(findings));
        }
        if (!policy.Repairs)
        {
            return;
        }
        foreach (var finding in findings.Where(f => f.Kind != MembershipFinding.Unmatched))
        {
            var key = (cluster.Name, finding.Kind, finding.Kind == MembershipFinding.Missing ? finding.Node : finding.KubernetesNode);
            var now = time.GetUtcNow();
            if (_repairedAt.TryGetValue(key, out var at) && now - at < RestartInterval)
            {
                continue;
            }
            _repairedAt[key] = now;
            var done = finding.Kind == MembershipFinding.Missing
                ? await RestartAsync(cluster.Name, finding, cancellationToken).ConfigureAwait(false)
                : await DeleteAsync(cluster, finding, cancellationToken).ConfigureAwait(false);
            events.Repaired(cluster.Name, finding, done);
        }
    }

    /// <summary>The findings of one cluster now (empty before its first sync).</summary>
    /// <remarks>
    /// An imported cluster has no plan of its nodes: every node the hub matches is one of its members, so only
    /// unmatched nodes are findings (nothing is missing, nothing has left).
    /// </remarks>
    public static IReadOnlyList<MembershipFinding> Compare(ClusterStore clusters, ClusterContext cluster, bool repairs)
    {
        if (!cluster.Synced)
        {
            return [];
        }
        var names = cluster.Cache(KubeKind.Nodes).List().Select(n => n.Name).ToList();
        var findings = MembershipCheck.Compare(cluster.Name, clusters.Nodes(cluster.Name), names, cluster.NodeIdOf, cluster.KubernetesNodeOf, repairs);
        return clusters.Get(cluster.Name)?.Origin == ClusterOrigins.Imported ? [.. findings.Where(f => f.Kind == MembershipFinding.Unmatched)] : findings;
    }

    public static string Describe(IReadOnlyList<MembershipFinding> findings) => findings.Count == 0
        ? "every ready node of the cluster is a Kubernetes node, and every Kubernetes node is one of the cluster's"
        : string.Join("; ", findings.Select(f => f.Detail));

    private async Task<string> RestartAsync(string cluster, MembershipFinding finding, CancellationToken cancellationToken)
    {
        var member = clusters.Nodes(cluster).FirstOrDefault(m => m.Target.ToString() == finding.Node);
        if (member is null)
        {
            return $"{finding.Node} is no longer in the cluster; nothing restarted";
        }
        var unit = K3sLayout.Service(member.Role);
        var unitFile = K3sLayout.UnitFile(member.Role);
        try
        {
            await using var transport = await transports.OpenAsync(member.Target, cancellationToken).ConfigureAwait(false);
            var result = await transport.RunAsync(new RestartIfChanged(unit, [unitFile]), new HashSet<string>([unitFile], StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
            var detail = result.Succeeded
                ? $"restarted the {unit} unit of {finding.Node}, which Kubernetes did not list"
                : $"restarting the {unit} unit of {finding.Node} failed: {result.Error}; look at journalctl -u {unit} on the node";
            LogRepair(logger, cluster, detail);
            return detail;
        }
        catch (NodeUnreachableException e)
        {
            var detail = $"could not restart the {unit} unit of {finding.Node}: {e.Message}";
            LogRepair(logger, cluster, detail);
            return detail;
        }
    }

    private async Task<string> DeleteAsync(ClusterContext cluster, MembershipFinding finding, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await cluster.Api.SendAsync(HttpMethod.Delete, KubeKind.Nodes.ObjectPath(null, finding.KubernetesNode), null, "application/json", cancellationToken)
                .ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return $"Kubernetes node {finding.KubernetesNode} was already gone";
        }
        var detail = $"deleted Kubernetes node {finding.KubernetesNode}: hub node {finding.Node} left the cluster";
        LogRepair(logger, cluster.Name, detail);
        return detail;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster} membership: {Detail}")]
    private static partial void LogRepair(ILogger logger, string cluster, string detail);
}
