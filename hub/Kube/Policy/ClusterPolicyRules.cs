using PiController.Hub.Api;
using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Kube.Policy;

/// <summary>
/// Applies a change to a policy, or refuses it whole with the first thing wrong named: a membership mode other than
/// report or repair, a namespace that is not a valid Kubernetes name, a share outside 0-100, shares that together
/// give more than the cluster has.
/// </summary>
internal static class ClusterPolicyRules
{
    public static ClusterPolicy Apply(ClusterPolicy current, UpdateClusterPolicyRequest change)
    {
        var membership = change.Membership?.Trim().ToLowerInvariant() ?? current.Membership;
        if (!MembershipPolicy.All.Contains(membership))
        {
            throw new HubException(HubErrorKind.Invalid, $"membership \"{change.Membership}\" is not a policy; use report (the default: differences are reported) or repair (they are also repaired)");
        }
        var quotas = current.Quotas.ToDictionary(q => q.Namespace, q => q.MemoryPercent, StringComparer.Ordinal);
        foreach (var quota in change.Quotas ?? [])
        {
            var ns = quota.Namespace?.Trim() ?? "";
            if (!K3sNodeName.IsDnsLabel(ns))
            {
                throw new HubException(HubErrorKind.Invalid, $"namespace \"{quota.Namespace}\" is not a valid Kubernetes namespace name (lowercase letters, digits and '-', at most 63)");
            }
            if (quota.MemoryPercent is < 0 or > 100)
            {
                throw new HubException(HubErrorKind.Invalid, $"the share of namespace {ns} is {quota.MemoryPercent}%; give 1-100 (percent of the cluster's allocatable memory), or 0 to remove its quota");
            }
            if (quota.MemoryPercent == 0)
            {
                quotas.Remove(ns);
            }
            else
            {
                quotas[ns] = quota.MemoryPercent;
            }
        }
        var total = quotas.Values.Sum();
        if (total > 100)
        {
            throw new HubException(HubErrorKind.Invalid,
                $"the namespaces' shares add up to {total}% of the cluster's memory ({string.Join(", ", quotas.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key} {q.Value}%"))}); lower some so they make at most 100%");
        }
        return new ClusterPolicy(change.ThrottleTaints ?? current.ThrottleTaints, membership,
            [.. quotas.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => new NamespaceQuota(q.Key, q.Value))]);
    }
}
