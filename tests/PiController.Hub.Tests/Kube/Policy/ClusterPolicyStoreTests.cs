using PiController.Hub.Kube.Policy;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Tests.Kube.Policy;

public sealed class ClusterPolicyStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ClusterStore _clusters;
    private readonly ClusterPolicyStore _policies;

    public ClusterPolicyStoreTests()
    {
        var database = _directory.MigratedDatabase();
        _clusters = new ClusterStore(database, TimeProvider.System);
        _policies = new ClusterPolicyStore(database, TimeProvider.System);
        _clusters.Insert("lab", "v1.31.4+k3s1", new ClusterConfig([]), false, "sealed");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_cluster_never_given_a_policy_has_the_defaults()
    {
        Assert.Same(ClusterPolicy.Default, _policies.Get("lab"));
    }

    [Fact]
    public void A_policy_set_is_read_back_and_replaced_by_the_next()
    {
        _policies.Set("lab", new ClusterPolicy(true, MembershipPolicy.Repair, [new NamespaceQuota("apps", 25)]));
        _policies.Set("lab", new ClusterPolicy(true, MembershipPolicy.Report, [new NamespaceQuota("apps", 25), new NamespaceQuota("ci", 5)]));

        var policy = _policies.Get("lab");

        Assert.Equal((true, MembershipPolicy.Report), (policy.ThrottleTaints, policy.Membership));
        Assert.Equal([new NamespaceQuota("apps", 25), new NamespaceQuota("ci", 5)], policy.Quotas);
    }

    [Fact]
    public void The_policy_goes_with_its_cluster()
    {
        _policies.Set("lab", new ClusterPolicy(true, MembershipPolicy.Repair, []));

        _clusters.Delete("lab");
        _clusters.Insert("lab", "v1.31.4+k3s1", new ClusterConfig([]), false, "sealed");

        Assert.Same(ClusterPolicy.Default, _policies.Get("lab"));
    }
}
