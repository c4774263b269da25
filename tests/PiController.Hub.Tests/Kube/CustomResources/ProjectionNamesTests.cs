using PiController.Hub.Kube.CustomResources;
using PiController.Hub.Nodes;

namespace PiController.Hub.Tests.Kube.CustomResources;

public sealed class ProjectionNamesTests
{
    [Theory]
    [InlineData("lab", "default", "led")]
    [InlineData("lab", "kube-system", "porch.light.v2")]
    [InlineData("a-very-long-cluster-name-that-goes-on", "a-namespace-with-a-long-name-as-well", "and-a-custom-resource-name-longer-than-any-label-could-hold.example")]
    public void A_projection_name_is_a_valid_hub_name(string cluster, string ns, string name)
    {
        var hubName = ProjectionNames.Of(cluster, ns, name);
        Assert.Null(LabelRules.Name(hubName));
        Assert.Equal(hubName, ProjectionNames.Of(cluster, ns, name));
    }

    [Fact]
    public void Names_that_read_the_same_once_joined_still_project_to_different_hub_names()
    {
        Assert.NotEqual(ProjectionNames.Of("a-b", "c", "d"), ProjectionNames.Of("a", "b-c", "d"));
        Assert.NotEqual(ProjectionNames.Of("lab", "default", "led.1"), ProjectionNames.Of("lab", "default", "led-1"));
    }

    [Fact]
    public void A_short_projection_name_reads_as_cluster_namespace_and_name()
    {
        Assert.StartsWith("lab-default-led-", ProjectionNames.Of("lab", "default", "led"), StringComparison.Ordinal);
    }
}
