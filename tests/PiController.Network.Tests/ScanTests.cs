using System.Text.Json;
using PiController.Testing.Lab;

namespace PiController.Network.Tests;

/// <summary>Scanning a namespace subnet for SSH, and the refusals of a bad range.</summary>
public sealed class ScanTests
{
    [NetnsFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen")]
    public async Task A_scan_of_the_subnet_finds_the_sshd_host_and_nothing_else()
    {
        using var lab = NetworkLab.Create(3);
        await Sshd.StartAsync(lab, 3);
        // Host 2 is up (it answers ARP and refuses port 22): it must not be listed.
        var hub = await LabHub.StartAsync(lab, 1, "--mdns", "off");

        var result = JsonSerializer.Deserialize<JsonElement>(await hub.CliAsync("discover", "scan", "10.77.0.0/24", "--json"));
        Assert.Equal(254, result.GetProperty("probed").GetInt32());
        var found = Assert.Single(result.GetProperty("found").EnumerateArray());
        Assert.Equal(NetworkLab.Address(3), found.GetProperty("address").GetString());
        Assert.True(found.GetProperty("sshOpen").GetBoolean());
        Assert.NotNull(found.GetProperty("mac").GetString());
        Assert.Equal("scan", Assert.Single(found.GetProperty("sources").EnumerateArray()).GetProperty("source").GetString());

        var machines = await hub.MachinesAsync();
        Assert.Equal(NetworkLab.Address(3), Assert.Single(machines).GetProperty("address").GetString());
        Assert.Contains("node.discovered: machine", hub.Process.Output, StringComparison.Ordinal);
    }

    [NetnsFact]
    public async Task A_malformed_or_too_large_range_is_refused_with_the_limit_named()
    {
        using var lab = NetworkLab.Create(1);
        var hub = await LabHub.StartAsync(lab, 1, "--mdns", "off", "--scan-max-addresses", "256");

        var (code, output) = await hub.TryCliAsync("discover", "scan", "10.77.0.0/23");
        Assert.NotEqual(0, code);
        Assert.Contains("10.77.0.0/23 holds 512 addresses, more than the limit of 256 (a /24)", output, StringComparison.Ordinal);
        (code, output) = await hub.TryCliAsync("discover", "scan", "10.77.0.300/24");
        Assert.NotEqual(0, code);
        Assert.Contains("is not a CIDR range", output, StringComparison.Ordinal);
    }
}
