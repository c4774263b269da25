using System.Globalization;
using System.Text;
using PiController.Hub.Kube.Membership;

namespace PiController.Hub.Cli;

/// <summary>The membership section of <c>cluster get</c>: the hub's cluster against Kubernetes' nodes.</summary>
internal static partial class ClusterCommand
{
    public static string DescribeMembership(MembershipView membership)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\nMembership ({membership.Policy}): ");
        if (!membership.Synced || membership.Findings.Count == 0)
        {
            return text.Append(membership.Detail).Append('\n').ToString();
        }
        text.Append(CultureInfo.InvariantCulture, $"{membership.Findings.Count} difference(s) with the {membership.KubernetesNodes} Kubernetes node(s)\n");
        text.Append(TextTable.Render(["KIND", "HUB NODE", "KUBERNETES NODE", "REPAIR"], membership.Findings.Select(f => new[]
        {
            f.Kind, f.Node.Length == 0 ? "-" : f.Node, f.KubernetesNode.Length == 0 ? "-" : f.KubernetesNode, f.Repair,
        }))).Append('\n');
        return text.ToString();
    }
}
