using System.Net;
using k8s;
using k8s.Models;
using PiController.Hub.Kube.Client;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// What an upgrade asks of the Kubernetes API about one node, through KubernetesClient's typed requests: read it,
/// cordon and uncordon it (spec.unschedulable, as kubectl does), list the pods on it, evict one (policy/v1 Eviction:
/// the API answers 429 while a PodDisruptionBudget forbids it), and ask the API server for etcd's health.
/// </summary>
internal sealed class KubeNodeOps(IKubeApi api)
{
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    public async Task<V1Node?> NodeAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await api.Typed.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiStatus.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<V1Node>> NodesAsync(CancellationToken cancellationToken) =>
        [.. (await api.Typed.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items];

    public Task SetUnschedulableAsync(string name, bool unschedulable, CancellationToken cancellationToken) =>
        api.Typed.CoreV1.PatchNodeAsync(new V1Patch(unschedulable ? """{"spec":{"unschedulable":true}}""" : """{"spec":{"unschedulable":null}}""",
            V1Patch.PatchType.MergePatch), name, cancellationToken: cancellationToken);

    /// <summary>The pods bound to the node that a drain evicts: all but mirror pods (the kubelet's static pods) and DaemonSet pods (they stay, as kubectl drain --ignore-daemonsets leaves them).</summary>
    public async Task<IReadOnlyList<V1Pod>> EvictablePodsAsync(string node, CancellationToken cancellationToken)
    {
        var pods = await api.Typed.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={node}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. pods.Items.Where(p => p.Spec?.NodeName == node && !IsMirror(p) && !IsDaemonSet(p))];
    }

    /// <summary>Evicts a pod: null when it was evicted (or is gone), else why the API refused (429: a PodDisruptionBudget forbids it now).</summary>
    public async Task<(HttpStatusCode Status, string Message)?> EvictAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty },
        };
        try
        {
            await api.Typed.CoreV1.CreateNamespacedPodEvictionAsync(eviction, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (ApiStatus.Of(e) is { } status)
        {
            return status.Status == HttpStatusCode.NotFound ? null : status;
        }
    }

    /// <summary>GET /readyz/etcd on the API server: null when etcd is healthy, else what the API said.</summary>
    public async Task<string?> EtcdProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await api.GetAsync("/readyz/etcd", cancellationToken).ConfigureAwait(false);
            return answer is null ? "the API server has no /readyz/etcd check (is this a K3s server with embedded etcd?)" : null;
        }
        catch (KubeApiException e) when ((int)e.Status is >= 200 and < 300)
        {
            // The check answers "ok" as plain text with 200 (which is not JSON); a failing check answers 500.
            return null;
        }
        catch (Exception e) when (e is KubeApiException or KubeUnreachableException or k8s.Autorest.HttpOperationException)
        {
            return ApiStatus.Describe(e);
        }
    }

    public static bool IsMirror(V1Pod pod) => pod.Metadata?.Annotations?.ContainsKey(MirrorAnnotation) == true;

    public static bool IsDaemonSet(V1Pod pod) => pod.Metadata?.OwnerReferences?.Any(o => o.Kind == "DaemonSet" && o.Controller == true) == true;

    public static bool IsReady(V1Node node) =>
        node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static string ReadyText(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { } ready
        ? $"Ready={ready.Status}{(string.IsNullOrEmpty(ready.Reason) ? "" : $" ({ready.Reason})")}"
        : "no Ready condition";

    public static string? KubeletVersion(V1Node node) => node.Status?.NodeInfo?.KubeletVersion;
}
