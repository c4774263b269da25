using PiController.Hub.Discovery;

namespace PiController.Hub.Tests.Discovery;

public sealed class RaspberryPiMacTests
{
    [Theory]
    [InlineData("B8:27:EB:12:34:56", "Raspberry Pi Foundation")]
    [InlineData("dc:a6:32:00:00:01", "Raspberry Pi Trading Ltd")]
    [InlineData("E4-5F-01-AA-BB-CC", "Raspberry Pi Trading Ltd")]
    [InlineData("28cd.c1ab.cdef", "Raspberry Pi Trading Ltd")]
    [InlineData("d83add000001", "Raspberry Pi Trading Ltd")]
    [InlineData("2C:CF:67:01:02:03", "Raspberry Pi (Trading) Ltd")]
    public void Raspberry_Pi_prefixes_are_recognised_in_any_notation(string mac, string maker) =>
        Assert.Equal(maker, RaspberryPiMac.Maker(mac));

    [Theory]
    [InlineData("3c:22:fb:01:02:03")]
    [InlineData("b8:27:ec:12:34:56")]
    [InlineData("b8:27:eb")]
    [InlineData("b8:27:eb:12:34:56:78")]
    [InlineData("zz:27:eb:12:34:56")]
    [InlineData(null)]
    public void Other_or_malformed_addresses_are_not_Pis(string? mac) => Assert.False(RaspberryPiMac.IsRaspberryPi(mac));

    [Fact]
    public void The_documented_prefixes_are_all_there() =>
        Assert.Equal(["28:cd:c1", "2c:cf:67", "b8:27:eb", "d8:3a:dd", "dc:a6:32", "e4:5f:01"], RaspberryPiMac.All.Order());

    [Fact]
    public void Neighbour_tables_are_parsed_without_incomplete_entries()
    {
        var arp = """
            IP address       HW type     Flags       HW address            Mask     Device
            10.77.0.3        0x1         0x2         b8:27:eb:01:02:03     *        eth0
            10.77.0.9        0x1         0x0         00:00:00:00:00:00     *        eth0
            10.77.0.4        0x1         0x6         DC:A6:32:01:02:03     *        wlan0
            """;
        Assert.Equal(["10.77.0.3 b8:27:eb:01:02:03 eth0", "10.77.0.4 dc:a6:32:01:02:03 wlan0"],
            NeighbourTable.ParseProcNetArp(arp).Select(n => $"{n.Address} {n.Mac} {n.Device}"));

        var ip = """
            10.77.0.3 dev eth0 lladdr b8:27:eb:01:02:03 REACHABLE
            10.77.0.9 dev eth0  FAILED
            10.77.0.10 dev eth0 lladdr 2c:cf:67:00:00:01 STALE
            10.77.0.11 dev eth0  INCOMPLETE
            fe80::1 dev eth0 lladdr 52:54:00:12:34:56 router STALE
            """;
        Assert.Equal(["10.77.0.3 b8:27:eb:01:02:03 eth0", "10.77.0.10 2c:cf:67:00:00:01 eth0"],
            NeighbourTable.ParseIpNeigh(ip).Select(n => $"{n.Address} {n.Mac} {n.Device}"));
    }
}
