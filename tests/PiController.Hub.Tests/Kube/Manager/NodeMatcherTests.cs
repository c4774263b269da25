using PiController.Hub.Kube.Manager;

namespace PiController.Hub.Tests.Kube.Manager;

public sealed class NodeMatcherTests
{
    private static readonly HubNodeFacts Alpha = new("serial-a", "pi-a", "10.0.0.11");
    private static readonly HubNodeFacts Beta = new("serial-b", "pi-b", "::ffff:10.0.0.12");

    [Fact]
    public void The_node_id_label_wins_over_hostname_and_address()
    {
        var match = One(new KubeNodeFacts("k-1", "serial-b", "pi-a", ["10.0.0.11"]), Alpha, Beta);
        Assert.Equal(("serial-b", "label"), (match.NodeId, match.By));
    }

    [Fact]
    public void Without_a_label_a_node_matches_by_hostname_and_internal_ip_even_through_a_mapped_address()
    {
        Assert.Equal(("serial-b", "hostname and address"), Pair(One(new KubeNodeFacts("pi-b", null, "pi-b", ["10.0.0.12"]), Alpha, Beta)));
        Assert.Equal(("serial-a", "address"), Pair(One(new KubeNodeFacts("renamed", null, "renamed", ["10.0.0.11"]), Alpha, Beta)));
        Assert.Equal(("serial-a", "hostname"), Pair(One(new KubeNodeFacts("pi-a", null, "PI-A", []), Alpha, Beta)));
    }

    [Fact]
    public void Two_hub_nodes_with_the_same_hostname_are_ambiguous_and_named()
    {
        var twin = new HubNodeFacts("serial-c", "pi-a", "10.0.0.13");
        var match = One(new KubeNodeFacts("pi-a", null, "pi-a", []), Alpha, twin);
        Assert.Equal(NodeMatchOutcome.Ambiguous, match.Outcome);
        Assert.Null(match.NodeId);
        Assert.Contains("serial-a, serial-c", match.Reason, StringComparison.Ordinal);
        Assert.Contains("kubectl label node", match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_hub_node_claimed_by_two_kubernetes_nodes_is_nobodys_unless_a_label_names_it()
    {
        var both = NodeMatcher.Match([new("k-1", null, "pi-a", []), new("k-2", null, "other", ["10.0.0.11"])], [Alpha]);
        Assert.All(both, m => Assert.Equal(NodeMatchOutcome.Ambiguous, m.Outcome));
        var labelled = NodeMatcher.Match([new("k-1", "serial-a", "x", []), new("k-2", null, "pi-a", [])], [Alpha]);
        Assert.Equal([NodeMatchOutcome.Matched, NodeMatchOutcome.Ambiguous], labelled.Select(m => m.Outcome));
    }

    [Fact]
    public void A_node_nothing_matches_is_unmatched_with_what_it_showed()
    {
        var match = One(new KubeNodeFacts("k-9", null, "far", ["10.9.9.9"]), Alpha, Beta);
        Assert.Equal(NodeMatchOutcome.Unmatched, match.Outcome);
        Assert.Contains("hostname far, InternalIP 10.9.9.9", match.Reason, StringComparison.Ordinal);
        var labelled = One(new KubeNodeFacts("k-9", "unknown-id", null, []), Alpha);
        Assert.Contains("names no node of this hub", labelled.Reason, StringComparison.Ordinal);
    }

    private static NodeMatch One(KubeNodeFacts node, params HubNodeFacts[] hub) => NodeMatcher.Match([node], hub).Single();

    private static (string?, string) Pair(NodeMatch match) => (match.NodeId, match.By);
}
