using System.Net;
using k8s.Models;

namespace PiController.Hub.Kube.Upgrades;

/// <summary>
/// Drains a cordoned node through the Eviction API, as kubectl drain --ignore-daemonsets does: every pod but mirror
/// and DaemonSet pods is evicted; an eviction a PodDisruptionBudget forbids now (429) is asked for again after
/// <see cref="UpgradeOptions.EvictionRetry"/> until the run's drain timeout; the drain ends when no such pod is left on
/// the node. Any other refusal, or the timeout, fails the node's upgrade with the pods named.
/// </summary>
internal sealed class NodeDrain(UpgradeEvents events, UpgradeOptions options, TimeProvider time)
{
    public async Task<string> DrainAsync(UpgradeRunRecord run, UpgradeNodePlan node, KubeNodeOps kube, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + run.DrainTimeout;
        var blocked = new Dictionary<string, string>(StringComparer.Ordinal);
        var evicted = 0;
        while (true)
        {
            var pods = await kube.EvictablePodsAsync(node.KubeNode, cancellationToken).ConfigureAwait(false);
            if (pods.Count == 0)
            {
                return evicted == 0 ? "no pod to evict (DaemonSet and mirror pods stay)" : $"evicted {evicted} pod(s); DaemonSet and mirror pods stay";
            }
            var waiting = false;
            foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
            {
                var key = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
                switch (await kube.EvictAsync(pod, cancellationToken).ConfigureAwait(false))
                {
                    case null:
                        evicted++;
                        blocked.Remove(key);
                        break;
                    case { Status: HttpStatusCode.TooManyRequests } refused:
                        waiting = true;
                        if (blocked.TryAdd(key, refused.Message))
                        {
                            events.Step(run.Cluster, run.Id, node, "drain", UpgradeEvents.StepWaiting,
                                $"pod {key} cannot be evicted yet: {refused.Message}; asking again until the drain timeout");
                        }
                        break;
                    case { } refused:
                        throw new UpgradeStepFailed($"the eviction of pod {key} was refused ({(int)refused.Status}): {refused.Message}",
                            "fix what the API says about that pod, then run the upgrade again: nodes already upgraded are skipped");
                }
            }
            if (time.GetUtcNow() >= deadline)
            {
                throw new UpgradeStepFailed($"the drain of {node.KubeNode} did not end within {Seconds(run.DrainTimeout)}: still on it: " +
                    string.Join(", ", pods.Select(p => Describe(p, blocked))),
                    "let the PodDisruptionBudget allow the eviction (more ready replicas elsewhere) or give the drain more time (--drain-timeout), then run the upgrade again");
            }
            await Task.Delay(waiting ? options.EvictionRetry : options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(V1Pod pod, Dictionary<string, string> blocked)
    {
        var key = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        return blocked.TryGetValue(key, out var why) ? $"{key} ({why})" : pod.Metadata.DeletionTimestamp is null ? key : $"{key} (terminating)";
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0} s";
}
