using PiController.Hub.Api;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Provisioning.Clusters;

/// <summary>
/// What a plan must satisfy before anything is stored: a name that is a DNS label, 1 or an odd number (3 or more)
/// of servers, each node named once and in no other cluster, components K3s knows.
/// </summary>
internal static class ClusterRules
{
    public static string Name(string? name) => name is not null && K3sNodeName.IsDnsLabel(name)
        ? name
        : throw new HubException(HubErrorKind.Invalid,
            $"a cluster's name is lowercase letters, digits and '-', at most 63, starting and ending with a letter or digit (it names the kubeconfig's context), got \"{TextRules.Excerpt(name)}\"");

    /// <summary>The servers count: 1, or odd and 3 or more.</summary>
    public static void ServerCount(int servers, string what)
    {
        if (servers == 0)
        {
            throw new HubException(HubErrorKind.Invalid, $"{what} has no server; name at least one with --server NODE");
        }
        if (servers % 2 == 0)
        {
            throw new HubException(HubErrorKind.Invalid,
                $"{what} would have {servers} servers: an even number of etcd members gives a split-brain cluster (half of them cannot outvote the other half); use 1, 3 or 5");
        }
    }

    public static IReadOnlyList<NodeTarget> Targets(IReadOnlyList<string>? names, string role)
    {
        var targets = new List<NodeTarget>();
        foreach (var name in names ?? [])
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 253 || TextRules.HasUnsafeCharacters(name) || name == NodeTarget.SshPrefix)
            {
                throw new HubException(HubErrorKind.Invalid, $"--{role} \"{TextRules.Excerpt(name)}\" is not a node: give a node id (pi-controller nodes ls) or ssh:NAME");
            }
            targets.Add(NodeTarget.Parse(name.Trim()));
        }
        return targets;
    }

    /// <summary>Each node once, and in no cluster yet.</summary>
    public static void Unique(IEnumerable<NodeTarget> targets, ClusterStore store)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (!seen.Add(target.ToString()))
            {
                throw new HubException(HubErrorKind.Invalid, $"{target} is named twice; a node has one role in one cluster");
            }
            if (store.ClusterOf(target) is { } other)
            {
                throw new HubException(HubErrorKind.Conflict,
                    $"{target} is already a node of cluster {other}; a node belongs to one cluster only (pi-controller cluster remove-node {other} {target} takes it out)");
            }
        }
    }

    public static IReadOnlyList<string> Disable(IReadOnlyList<string>? disable)
    {
        var list = (disable ?? []).Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unknown = list.Except(K3sClusterSpec.Components).ToList();
        return unknown.Count == 0 ? list : throw new HubException(HubErrorKind.Invalid,
            $"K3s cannot disable {string.Join(", ", unknown.Select(u => TextRules.Excerpt(u)))}; the components it packages are {string.Join(", ", K3sClusterSpec.Components)}");
    }
}
