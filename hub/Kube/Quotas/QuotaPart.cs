using System.Net;
using System.Text.Json;
using PiController.Hub.Kube.Client;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Hub.Kube.Policy;

namespace PiController.Hub.Kube.Quotas;

/// <summary>
/// "quotas": keeps a ResourceQuota and a LimitRange named pi-controller (labelled managed-by pi-controller) in each
/// namespace of the cluster's policy, sized to the nodes' allocatable memory (<see cref="QuotaSizing"/>). A change of
/// a node, or of any ResourceQuota or LimitRange, coalesces into one pass over the cluster: a missing object is
/// created, one that drifted is replaced (with its resourceVersion: a concurrent change answers 409 and the pass is
/// retried), one the policy no longer names is deleted. Objects without the hub's label are never touched, and a
/// namespace that does not exist is skipped until it does (the next resync finds it).
/// </summary>
internal sealed partial class QuotaPart(ClusterPolicyStore policies, ILogger<QuotaPart> logger) : IClusterPart
{
    public const string PartName = "quotas";
    public const string ClusterKey = "cluster";

    public string Name => PartName;

    public IReadOnlyList<KubeKind> Watches { get; } = [KubeKind.Nodes, QuotaKinds.ResourceQuotas, QuotaKinds.LimitRanges];

    public Task PrepareAsync(ClusterContext cluster, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ReconcileAsync(ClusterContext cluster, WorkItem item, CancellationToken cancellationToken)
    {
        if (item.Kind is not null)
        {
            cluster.Enqueue(PartName, ClusterKey);
            return;
        }
        var quotas = policies.Get(cluster.Name).Quotas;
        var allocatable = cluster.Cache(KubeKind.Nodes).List().Select(n => Allocatable(n.Json)).OfType<long>().ToList();
        var resourceQuotas = cluster.Cache(QuotaKinds.ResourceQuotas);
        var limitRanges = cluster.Cache(QuotaKinds.LimitRanges);
        foreach (var quota in quotas)
        {
            if (QuotaSizing.Size(allocatable, quota.MemoryPercent) is not { } size)
            {
                LogUnsized(logger, cluster.Name, quota.Namespace);
                continue;
            }
            var key = $"{quota.Namespace}/{QuotaKinds.ObjectName}";
            await KeepAsync(cluster, QuotaKinds.ResourceQuotas, quota.Namespace, resourceQuotas.Get(key),
                existing => QuotaObjects.ResourceQuotaMatches(existing, size), version => QuotaObjects.ResourceQuota(quota.Namespace, size, version), cancellationToken)
                .ConfigureAwait(false);
            await KeepAsync(cluster, QuotaKinds.LimitRanges, quota.Namespace, limitRanges.Get(key),
                existing => QuotaObjects.LimitRangeMatches(existing, size), version => QuotaObjects.LimitRange(quota.Namespace, size, version), cancellationToken)
                .ConfigureAwait(false);
        }
        var named = quotas.Select(q => q.Namespace).ToHashSet(StringComparer.Ordinal);
        foreach (var (kind, cache) in new[] { (QuotaKinds.ResourceQuotas, resourceQuotas), (QuotaKinds.LimitRanges, limitRanges) })
        {
            foreach (var stale in cache.List().Where(o => o.Name == QuotaKinds.ObjectName && !named.Contains(o.Namespace) && QuotaObjects.Managed(o.Json)))
            {
                await DeleteAsync(cluster, kind, stale, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The node's status.allocatable.memory in bytes, or null.</summary>
    public static long? Allocatable(JsonElement node) =>
        node.TryGetProperty("status", out var status) && status.TryGetProperty("allocatable", out var allocatable)
        && allocatable.ValueKind == JsonValueKind.Object && allocatable.TryGetProperty("memory", out var memory) && memory.ValueKind == JsonValueKind.String
            ? MemoryQuantity.Parse(memory.GetString())
            : null;

    private async Task KeepAsync(ClusterContext cluster, KubeKind kind, string ns, KubeObject? existing, Func<JsonElement, bool> matches,
        Func<string?, string> body, CancellationToken cancellationToken)
    {
        if (existing is not null && matches(existing.Json))
        {
            return;
        }
        try
        {
            using var answer = existing is null
                ? await cluster.Api.SendAsync(HttpMethod.Post, QuotaKinds.Collection(kind, ns), body(null), "application/json", cancellationToken).ConfigureAwait(false)
                : await cluster.Api.SendAsync(HttpMethod.Put, kind.ObjectPath(ns, QuotaKinds.ObjectName), body(existing.ResourceVersion), "application/json", cancellationToken)
                    .ConfigureAwait(false);
            LogKept(logger, cluster.Name, kind.Kind, ns, existing is null ? "created" : "replaced (it had drifted)");
        }
        catch (KubeApiException e) when (e.Status == HttpStatusCode.NotFound && existing is null)
        {
            LogNoNamespace(logger, cluster.Name, ns);
        }
    }

    private async Task DeleteAsync(ClusterContext cluster, KubeKind kind, KubeObject stale, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await cluster.Api.SendAsync(HttpMethod.Delete, kind.ObjectPath(stale.Namespace, stale.Name), null, "application/json", cancellationToken)
                .ConfigureAwait(false);
            LogKept(logger, cluster.Name, kind.Kind, stale.Namespace, "deleted (the policy no longer names the namespace)");
        }
        catch (KubeApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            // Gone already: what the pass wanted.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: {Kind} pi-controller in namespace {Namespace} {What}")]
    private static partial void LogKept(ILogger logger, string cluster, string kind, string @namespace, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {Cluster}: namespace {Namespace} does not exist; its quota is applied once it does")]
    private static partial void LogNoNamespace(ILogger logger, string cluster, string @namespace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster {Cluster}: no quota for namespace {Namespace}: the nodes report no allocatable memory, or its share is under 16 MiB")]
    private static partial void LogUnsized(ILogger logger, string cluster, string @namespace);
}
