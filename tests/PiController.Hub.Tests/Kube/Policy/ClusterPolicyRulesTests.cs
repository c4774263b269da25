using PiController.Hub.Api;
using PiController.Hub.Kube.Policy;

namespace PiController.Hub.Tests.Kube.Policy;

public sealed class ClusterPolicyRulesTests
{
    [Fact]
    public void A_change_sets_what_it_names_and_keeps_the_rest()
    {
        var current = new ClusterPolicy(true, MembershipPolicy.Report, [new NamespaceQuota("apps", 25), new NamespaceQuota("ci", 10)]);

        var changed = ClusterPolicyRules.Apply(current, new UpdateClusterPolicyRequest(Membership: "Repair", Quotas: [new("ci", 0), new("web", 30)]));

        Assert.True(changed.ThrottleTaints);
        Assert.Equal(MembershipPolicy.Repair, changed.Membership);
        Assert.Equal([new NamespaceQuota("apps", 25), new NamespaceQuota("web", 30)], changed.Quotas);
    }

    [Theory]
    [InlineData("fix", null, 0, "membership \"fix\" is not a policy")]
    [InlineData(null, "Apps", 10, "namespace \"Apps\" is not a valid Kubernetes namespace name")]
    [InlineData(null, "apps", 101, "the share of namespace apps is 101%")]
    [InlineData(null, "apps", 90, "the namespaces' shares add up to 120% of the cluster's memory (apps 90%, ci 30%)")]
    public void A_wrong_change_is_refused_whole(string? membership, string? ns, int percent, string message)
    {
        var current = new ClusterPolicy(false, MembershipPolicy.Report, [new NamespaceQuota("ci", 30)]);

        var error = Assert.Throws<HubException>(() => ClusterPolicyRules.Apply(current,
            new UpdateClusterPolicyRequest(Membership: membership, Quotas: ns is null ? null : [new NamespaceQuota(ns, percent)])));

        Assert.Equal(HubErrorKind.Invalid, error.Kind);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
