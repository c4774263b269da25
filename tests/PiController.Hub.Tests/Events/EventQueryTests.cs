using PiController.Hub.Api;
using PiController.Hub.Events;

namespace PiController.Hub.Tests.Events;

public sealed class EventQueryTests
{
    [Fact]
    public void Types_and_nodes_may_be_repeated_or_comma_lists_and_prefixes_are_allowed()
    {
        var query = EventQuery.Parse("42", ["node.*,gpio.state.changed", "pwm.changed"], ["node-a", "node-b,node-c"]);

        Assert.Equal(42, query.Since);
        Assert.Equal(["gpio.state.changed", "node.*", "pwm.changed"], query.Filter.Types.Order(StringComparer.Ordinal));
        Assert.Equal(3, query.Filter.Nodes.Count);
    }

    [Theory]
    [InlineData("gpio.changed")]
    [InlineData("foo.*")]
    [InlineData("*")]
    public void An_unknown_type_is_refused_with_the_list_of_valid_ones(string type)
    {
        var refused = Assert.Throws<HubException>(() => EventQuery.Parse((string?)null, [type], []));
        var problem = refused.Message;
        Assert.Equal(HubErrorKind.Invalid, refused.Kind);
        Assert.Contains($"\"{type}\"", problem, StringComparison.Ordinal);
        Assert.All(EventTypes.All, t => Assert.Contains(t, problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public void A_since_that_is_not_an_id_is_refused(string since)
    {
        var refused = Assert.Throws<HubException>(() => EventQuery.Parse(since, [], []));
        var problem = refused.Message;
        Assert.Equal(HubErrorKind.Invalid, refused.Kind);
        Assert.Contains("since must be an event id", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void No_since_means_only_new_events()
    {
        Assert.Null(EventQuery.Parse("", [], []).Since);
        Assert.Null(EventQuery.Parse((long?)null, [], []).Since);
    }
}
