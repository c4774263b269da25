using PiController.Hub.Discovery;

namespace PiController.Hub.Tests.Discovery;

public sealed class CidrRangeTests
{
    [Theory]
    [InlineData("10.77.0.0/24", "10.77.0.0/24", 254)]
    [InlineData("10.77.0.77/24", "10.77.0.0/24", 254)]
    [InlineData("192.168.1.128/25", "192.168.1.128/25", 126)]
    [InlineData("10.0.0.5/32", "10.0.0.5/32", 1)]
    [InlineData("10.0.0.4/31", "10.0.0.4/31", 2)]
    [InlineData("10.0.0.0/22", "10.0.0.0/22", 1022)]
    public void A_range_is_normalised_and_its_hosts_exclude_network_and_broadcast(string text, string normal, int hosts)
    {
        var range = CidrRange.Parse(text, 1024);
        Assert.Equal(normal, range.ToString());
        Assert.Equal(hosts, range.Hosts().Count());
    }

    [Theory]
    [InlineData("10.77.0.0")]
    [InlineData("10.77.0/24")]
    [InlineData("10.77.0.0/33")]
    [InlineData("10.77.0.300/24")]
    [InlineData("10.77.0.0/-1")]
    [InlineData("10.77.0.0/ 24")]
    [InlineData("hub.local/24")]
    [InlineData("")]
    public void A_malformed_range_is_refused_with_an_example(string text)
    {
        var e = Assert.Throws<PiController.Hub.Api.HubException>(() => CidrRange.Parse(text, 1024));
        Assert.Contains("is not a CIDR range; give one such as 192.168.1.0/24", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_larger_than_the_limit_is_refused_with_the_limit_named()
    {
        var e = Assert.Throws<PiController.Hub.Api.HubException>(() => CidrRange.Parse("10.0.0.0/16", 1024));
        Assert.Equal("10.0.0.0/16 holds 65,536 addresses, more than the limit of 1,024 (a /22); scan a smaller range or raise the limit with pi-controller serve --scan-max-addresses", e.Message);
    }

    [Fact]
    public void An_IPv6_range_is_refused_as_such()
    {
        var e = Assert.Throws<PiController.Hub.Api.HubException>(() => CidrRange.Parse("fd00::/120", 1024));
        Assert.Contains("only IPv4 ranges can be scanned", e.Message, StringComparison.Ordinal);
    }
}
