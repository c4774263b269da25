using PiController.Hub.Kube.Membership;
using PiController.Hub.Provisioning.Clusters;
using PiController.Hub.Provisioning.Install;
using PiController.Hub.Provisioning.Transport;

namespace PiController.Hub.Tests.Kube.Membership;

public sealed class MembershipCheckTests
{
    private static ClusterNodeRecord Member(string target, K3sRole role, string state = ClusterStates.NodeReady) =>
        new("lab", NodeTarget.Parse(target), role, 0, state, "", "");

    private static readonly Dictionary<string, string> Matches = new() { ["pi-a"] = "node-a", ["pi-b"] = "node-b", ["pi-old"] = "node-old" };

    private static IReadOnlyList<MembershipFinding> Compare(IReadOnlyList<ClusterNodeRecord> members, string[] kubernetes, bool repairs = false) =>
        MembershipCheck.Compare("lab", members, kubernetes, n => Matches.GetValueOrDefault(n),
            id => Matches.FirstOrDefault(m => m.Value == id).Key, repairs);

    [Fact]
    public void A_cluster_whose_nodes_are_all_registered_has_no_findings()
    {
        Assert.Empty(Compare([Member("node-a", K3sRole.Server), Member("node-b", K3sRole.Agent)], ["pi-a", "pi-b"]));
    }

    [Fact]
    public void A_ready_node_Kubernetes_does_not_list_is_missing_and_the_repair_restarts_its_unit()
    {
        var findings = Compare([Member("node-a", K3sRole.Server), Member("node-b", K3sRole.Agent)], ["pi-a"], repairs: true);

        var missing = Assert.Single(findings);
        Assert.Equal((MembershipFinding.Missing, "node-b", ""), (missing.Kind, missing.Node, missing.KubernetesNode));
        Assert.Contains("k3s-agent unit", missing.Repair, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_still_being_installed_is_not_missing()
    {
        Assert.Empty(Compare([Member("node-a", K3sRole.Server), Member("node-b", K3sRole.Agent, ClusterStates.NodeInstalling)], ["pi-a"]));
    }

    [Fact]
    public void A_Kubernetes_node_whose_hub_node_left_and_one_no_hub_node_matches_are_reported_differently()
    {
        var findings = Compare([Member("node-a", K3sRole.Server)], ["pi-a", "pi-old", "stranger"]);

        Assert.Equal([(MembershipFinding.Left, "node-old", "pi-old"), (MembershipFinding.Unmatched, "", "stranger")],
            findings.Select(f => (f.Kind, f.Node, f.KubernetesNode)));
        Assert.Contains("pi-controller cluster policy lab --membership repair", findings[0].Repair, StringComparison.Ordinal);
        Assert.Contains("never deleted", findings[1].Repair, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_being_removed_has_left_as_far_as_Kubernetes_is_concerned()
    {
        var findings = Compare([Member("node-a", K3sRole.Server), Member("node-b", K3sRole.Agent, ClusterStates.NodeRemoving)], ["pi-a", "pi-b"]);

        Assert.Equal(MembershipFinding.Left, Assert.Single(findings).Kind);
    }
}
