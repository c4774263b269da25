using System.Text.Json;
using PiController.Testing.Lab;

namespace PiController.Network.Tests;

/// <summary>The hub and agents on separate hosts of one link, finding each other over mDNS.</summary>
public sealed class MdnsDiscoveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [NetnsFact]
    public async Task An_agent_in_one_namespace_is_found_by_the_hub_in_another()
    {
        using var lab = NetworkLab.Create(2);
        var hub = await LabHub.StartAsync(lab, 1);
        var agent = LabAgent.Start(lab, 2, "net-found", hub.JoinToken, hub.Url);

        await hub.Process.WaitForLineAsync("node.discovered: machine", Wait);
        var machine = (await hub.MachinesAsync()).Single(m => m.GetProperty("nodeId").GetString() == "net-found");
        Assert.Equal(NetworkLab.Address(2), machine.GetProperty("address").GetString());
        Assert.Equal("certain", machine.GetProperty("confidence").GetString());
        Assert.Contains("mdns", machine.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()));
        Assert.StartsWith("Raspberry Pi 4", machine.GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.NotNull(machine.GetProperty("mac").GetString());
        await agent.TerminateAsync();
        Assert.Contains("said goodbye", agent.Output, StringComparison.Ordinal);
    }

    [NetnsFact]
    public async Task An_agent_with_no_hub_address_finds_the_hub_and_trusts_it_only_with_the_pinned_CA()
    {
        using var lab = NetworkLab.Create(3);
        var hub = await LabHub.StartAsync(lab, 1);
        var token = hub.JoinToken;
        var wrongPin = "PIC1" + new string('a', 64) + token[68..];

        var stranger = LabAgent.Start(lab, 3, "net-stranger", wrongPin);
        await stranger.WaitForLineAsync("mDNS: ignoring hub", Wait);

        var agent = LabAgent.Start(lab, 2, "net-finder", token);
        await agent.WaitForLineAsync("Found the hub by mDNS", Wait);
        await agent.WaitForLineAsync($"Connected to hub https://{NetworkLab.Address(1)}:8443/", Wait);
        await hub.Process.WaitForLineAsync("Node net-finder connected", Wait);
        Assert.DoesNotContain("Connected to hub", stranger.Output, StringComparison.Ordinal);
        // The hub hears the stranger announce itself, but the stranger never enrolled nor connected.
        Assert.DoesNotContain("Node net-stranger", hub.Process.Output, StringComparison.Ordinal);
    }

    [NetnsFact("/usr/sbin/avahi-daemon", "/usr/bin/avahi-browse", "/usr/bin/dbus-daemon")]
    public async Task Avahi_sees_our_agent_and_our_hub_sees_what_avahi_publishes()
    {
        using var lab = NetworkLab.Create(3);
        var avahi = await Avahi.StartAsync(lab, 3);
        var hub = await LabHub.StartAsync(lab, 1);
        var agent = LabAgent.Start(lab, 2, "net-avahi", hub.JoinToken, hub.Url);
        await agent.WaitForLineAsync("mDNS: announced net-avahi", Wait);

        var browsed = await avahi.BrowseAsync("_pi-agent._tcp");
        var resolved = browsed.Split('\n').FirstOrDefault(l => l.StartsWith("=;eth0;IPv4;net-avahi;_pi-agent._tcp;local;", StringComparison.Ordinal));
        Assert.True(resolved is not null, "avahi-browse did not resolve our agent:\n" + browsed);
        Assert.Contains($";{NetworkLab.Address(2)};0;", resolved, StringComparison.Ordinal);
        Assert.Contains("\"id=net-avahi\"", resolved, StringComparison.Ordinal);
        Assert.Contains("\"arch=linux-x64\"", resolved, StringComparison.Ordinal);
        var hubs = await avahi.BrowseAsync("_pi-controller._tcp");
        Assert.Contains(";8443;", hubs, StringComparison.Ordinal);

        var watch = lab.Start(1, "dotnet", [Repo.HubDll, "discover", "watch", "--interval", "1", "--data-dir", hub.DataDirectory, "--hub", hub.Url]);
        await watch.WaitForLineAsync("-- watching", Wait);
        await avahi.PublishAsync("avahi-published", "_pi-agent._tcp", 0, "txtvers=1", "id=avahi-pi", "model=Raspberry Pi 3 Model B Plus Rev 1.3", "arch=linux-arm64", "ver=0.0.9", "enrolled=no");
        await hub.Process.WaitForLineAsync("node avahi-pi", Wait);
        var machine = (await hub.MachinesAsync()).Single(m => m.GetProperty("nodeId").GetString() == "avahi-pi");
        Assert.Equal(NetworkLab.Address(3), machine.GetProperty("address").GetString());
        Assert.Equal("not enrolled", machine.GetProperty("agent").GetString());
        Assert.Equal("discovered", machine.GetProperty("state").GetString());
        var line = await watch.WaitForLineAsync("node avahi-pi", Wait);
        Assert.Contains($"discovered #{LabHub.Id(machine)} {NetworkLab.Address(3)}", line, StringComparison.Ordinal);
    }

    [NetnsFact("/usr/sbin/avahi-daemon", "/usr/bin/avahi-browse", "/usr/bin/dbus-daemon")]
    public async Task Avahi_stops_listing_our_agent_and_our_hub_once_they_stop()
    {
        using var lab = NetworkLab.Create(3);
        var avahi = await Avahi.StartAsync(lab, 3);
        var hub = await LabHub.StartAsync(lab, 1);
        var agent = LabAgent.Start(lab, 2, "net-goodbye", hub.JoinToken, hub.Url);
        await agent.WaitForLineAsync("mDNS: announced net-goodbye", Wait);
        await WaitForAvahiAsync(avahi, "_pi-agent._tcp", "net-goodbye", listed: true, Wait);
        await WaitForAvahiAsync(avahi, "_pi-controller._tcp", "pi-controller on", listed: true, Wait);

        // The records live 75 minutes (PTR, TXT) and 120 s (SRV, A) in avahi's cache; only a goodbye
        // (RFC 6762 §10.1: the same records with TTL 0) makes them go within seconds.
        await agent.TerminateAsync();
        Assert.Contains("mDNS: said goodbye for net-goodbye on eth0", agent.Output, StringComparison.Ordinal);
        await WaitForAvahiAsync(avahi, "_pi-agent._tcp", "net-goodbye", listed: false, Goodbye);

        await hub.Process.TerminateAsync();
        Assert.Contains("mDNS: said goodbye for pi-controller on", hub.Process.Output, StringComparison.Ordinal);
        await WaitForAvahiAsync(avahi, "_pi-controller._tcp", "pi-controller on", listed: false, Goodbye);
    }

    /// <summary>Well under the shortest TTL of the records (120 s): only a goodbye gets them out of a peer's cache this soon.</summary>
    private static readonly TimeSpan Goodbye = TimeSpan.FromSeconds(20);

    private static async Task WaitForAvahiAsync(Avahi avahi, string serviceType, string instance, bool listed, TimeSpan timeout)
    {
        var parsable = instance.Replace(" ", "\\032", StringComparison.Ordinal); // avahi-browse -p escapes a space as \032
        await Eventually.ReachesAsync(() => avahi.BrowseAsync(serviceType),
            browsed => browsed.Split('\n').Any(l => l.Contains($";{parsable}", StringComparison.Ordinal)) == listed, timeout,
            browsed => $"after {timeout}, avahi-browse {serviceType} {(listed ? "does not list" : "still lists")} {instance}:\n{browsed}",
            TimeSpan.FromMilliseconds(250));
    }

    [NetnsFact]
    public async Task A_node_whose_address_changes_stays_the_same_machine()
    {
        using var lab = NetworkLab.Create(2);
        var hub = await LabHub.StartAsync(lab, 1);
        var agent = LabAgent.Start(lab, 2, "net-moves", hub.JoinToken, hub.Url);
        await hub.Process.WaitForLineAsync("node.discovered: machine", Wait);
        var before = (await hub.MachinesAsync()).Single(m => m.GetProperty("nodeId").GetString() == "net-moves");

        // Deleting first: the kernel drops secondary addresses of a subnet with its primary one.
        NetworkLab.Ip("-n", lab.Host(2), "addr", "del", $"{NetworkLab.Address(2)}/24", "dev", "eth0");
        NetworkLab.Ip("-n", lab.Host(2), "addr", "add", "10.77.0.12/24", "dev", "eth0");
        NetworkLab.Ip("-n", lab.Host(2), "route", "replace", "224.0.0.0/4", "dev", "eth0");

        // The agent re-announces from its new address; the hub keeps the machine and updates where it is.
        var after = await Eventually.ReachesAsync(
            async () => (await hub.MachinesAsync()).Single(m => m.GetProperty("nodeId").GetString() == "net-moves"),
            machine => machine.GetProperty("address").GetString() == "10.77.0.12", Wait,
            last => $"still {last}\nagent:\n{agent.Output}\nhub:\n{hub.Process.Output}", TimeSpan.FromSeconds(1));
        Assert.Equal(before.GetProperty("id").GetInt64(), after.GetProperty("id").GetInt64());
        Assert.Single(await hub.MachinesAsync(), m => m.GetProperty("nodeId").GetString() == "net-moves");
        Assert.Contains("interfaces now eth0 10.77.0.12", agent.Output, StringComparison.Ordinal);
    }

    [NetnsFact]
    public async Task A_disconnected_node_that_stops_answering_becomes_lost_and_comes_back()
    {
        using var lab = NetworkLab.Create(2);
        var hub = await LabHub.StartAsync(lab, 1, "--lost-after", "3s");
        var data = TempDirectory.Kept("pi-net", "agent");
        var agent = LabAgent.Start(lab, 2, "net-lost", hub.JoinToken, dataDirectory: data);
        await hub.Process.WaitForLineAsync("Node net-lost connected", Wait);
        await agent.TerminateAsync();

        await hub.Process.WaitForLineAsync("node.lost: node net-lost", Wait);
        var node = JsonSerializer.Deserialize<JsonElement>(await hub.CliAsync("nodes", "get", "net-lost", "--json"));
        Assert.Equal("lost", node.GetProperty("membership").GetString());
        Assert.Matches(@"(?m)^net-lost\s+\S+\s+lost\s", await hub.CliAsync("nodes", "ls"));
        Assert.Contains("lost, disconnected", await hub.CliAsync("nodes", "ls", "-o", "wide"), StringComparison.Ordinal);
        var machine = (await hub.MachinesAsync()).Single(m => m.GetProperty("nodeId").GetString() == "net-lost");
        Assert.Equal("lost", machine.GetProperty("state").GetString());

        LabAgent.Start(lab, 2, "net-lost", hub.JoinToken, dataDirectory: data);
        await hub.Process.WaitForLineAsync("node.found: node net-lost", Wait);
        node = JsonSerializer.Deserialize<JsonElement>(await hub.CliAsync("nodes", "get", "net-lost", "--json"));
        Assert.Equal("enrolled", node.GetProperty("membership").GetString());
    }
}
