using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Discovery;
using PiController.Hub.Nodes;
using PiController.Hub.State;
using PiController.Protocol.Link;

namespace PiController.Hub.Tests.Discovery;

public sealed class DiscoveryStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly HubDatabase _database;
    private readonly DiscoveryStore _store;

    public DiscoveryStoreTests()
    {
        _database = _directory.MigratedDatabase();
        _store = new DiscoveryStore(_database, _time);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A bus that is not started: what is published stays queued, which these tests do not read.</summary>
    private PiController.Hub.Events.EventBus Bus() =>
        new(new PiController.Hub.Events.EventStore(_database), _time, NullLogger<PiController.Hub.Events.EventBus>.Instance);

    private static Observation Mdns(string address, string nodeId, string? mac = null) =>
        new(DiscoverySources.Mdns, IPAddress.Parse(address), mac, NodeId: nodeId, Model: "Raspberry Pi 5 Model B Rev 1.0", AgentEnrolled: false);

    [Fact]
    public void A_machine_whose_address_changes_stays_the_same_machine()
    {
        var (first, created) = Observe(Mdns("10.77.0.2", "1000000012345678", "d8:3a:dd:00:00:01"));
        Assert.True(created);
        _time.Advance(TimeSpan.FromMinutes(3));

        var (moved, again) = Observe(Mdns("10.77.0.12", "1000000012345678", "d8:3a:dd:00:00:01"));

        Assert.False(again);
        Assert.Equal(first.Id, moved.Id);
        Assert.Equal("10.77.0.12", moved.Address);
        Assert.Equal(Start, moved.FirstSeen);
        Assert.Equal(Start.AddMinutes(3), moved.LastSeen);
        Assert.Single(List());
    }

    [Fact]
    public void Sightings_from_several_sources_merge_by_MAC_and_then_by_address()
    {
        var (lease, _) = Observe(new Observation(DiscoverySources.Lease, IPAddress.Parse("10.77.0.5"), "b8:27:eb:00:00:05", "raspberrypi", Detail: "lease in /var/lib/misc/dnsmasq.leases"));
        _time.Advance(TimeSpan.FromSeconds(10));
        Observe(new Observation(DiscoverySources.Scan, IPAddress.Parse("10.77.0.5"), SshOpen: true));
        _time.Advance(TimeSpan.FromSeconds(10));
        var (agent, created) = Observe(Mdns("10.77.0.5", "00000000aabbccdd", "b8:27:eb:00:00:05"));

        Assert.False(created);
        Assert.Equal(lease.Id, agent.Id);
        Assert.Equal(["lease", "mdns", "scan"], agent.Sources.Select(s => s.Source));
        Assert.True(agent.SshOpen);
        Assert.Equal("raspberrypi", agent.Hostname);
        Assert.Equal("certain", agent.Confidence);
        Assert.Equal("not enrolled", agent.Agent);
        Assert.Equal("discovered", agent.State);
        Assert.Equal(Start, agent.FirstSeen);
    }

    [Fact]
    public void An_address_reused_by_another_MAC_is_another_machine()
    {
        var (old, _) = Observe(new Observation(DiscoverySources.Lease, IPAddress.Parse("10.77.0.7"), "dc:a6:32:00:00:07"));
        var (other, created) = Observe(new Observation(DiscoverySources.Neighbour, IPAddress.Parse("10.77.0.7"), "e4:5f:01:00:00:07"));

        Assert.True(created);
        Assert.NotEqual(old.Id, other.Id);
        Assert.Equal(2, List().Count);
    }

    [Fact]
    public void A_scan_hit_found_first_by_address_takes_the_agent_that_announces_there()
    {
        var (scan, _) = Observe(new Observation(DiscoverySources.Scan, IPAddress.Parse("10.77.0.8"), SshOpen: true));
        Assert.Equal("unknown", scan.Confidence);
        var (agent, created) = Observe(Mdns("10.77.0.8", "node-8"));
        Assert.False(created);
        Assert.Equal(scan.Id, agent.Id);
        Assert.Equal("node-8", agent.NodeId);
    }

    [Fact]
    public void How_sure_the_hub_is_follows_the_evidence()
    {
        Assert.Equal("likely", Observe(new Observation(DiscoverySources.Lease, IPAddress.Parse("10.77.0.20"), "2c:cf:67:00:00:20")).Machine.Confidence);
        Assert.Equal("possible", Observe(new Observation(DiscoverySources.Lease, IPAddress.Parse("10.77.0.21"), "3c:22:fb:00:00:21", "raspberrypi")).Machine.Confidence);
        Assert.Equal("unknown", Observe(new Observation(DiscoverySources.Scan, IPAddress.Parse("10.77.0.22"), "3c:22:fb:00:00:22", SshOpen: true)).Machine.Confidence);
        Assert.Equal("no", Observe(Mdns("10.77.0.23", "x64-dev") with { Model = "Standard PC (Q35 + ICH9, 2009)" }).Machine.Confidence);
    }

    [Fact]
    public void A_node_that_is_disconnected_and_silent_for_longer_than_lost_after_is_lost_until_it_answers()
    {
        var nodes = new NodeStore(_database, _time);
        var monitor = new MembershipMonitor(new DiscoveryOptions { LostAfter = TimeSpan.FromMinutes(5) }, nodes, new PiController.Hub.Events.NodeEvents(Bus()), NullLogger<MembershipMonitor>.Instance);
        nodes.RecordHello(new Hello { NodeId = "node-9", InstanceId = "instance-9", AgentVersion = "0.1.0", System = new SystemInfo() }, "10.77.0.9");
        Observe(Mdns("10.77.0.9", "node-9"));

        _time.Advance(TimeSpan.FromMinutes(10));
        monitor.Check();
        Assert.Equal("enrolled", Membership(nodes)); // Still connected.

        nodes.RecordDisconnect("node-9");
        _time.Advance(TimeSpan.FromMinutes(4));
        Observe(Mdns("10.77.0.9", "node-9")); // Its agent still answers mDNS.
        _time.Advance(TimeSpan.FromMinutes(4));
        monitor.Check();
        Assert.Equal("enrolled", Membership(nodes));

        _time.Advance(TimeSpan.FromMinutes(2));
        monitor.Check();
        Assert.Equal("lost", Membership(nodes));
        Assert.Equal("lost", List().Single().State);

        _time.Advance(TimeSpan.FromMinutes(1));
        Observe(Mdns("10.77.0.19", "node-9"));
        monitor.Check();
        Assert.Equal("enrolled", Membership(nodes));
    }

    [Fact]
    public void A_discovered_agent_that_waits_for_approval_can_be_approved_from_the_list()
    {
        var service = new DiscoveryService(_store, new DiscoveryOptions(), new PiController.Hub.Security.EnrollmentRequestStore(_database, _time), new PiController.Hub.Events.NodeEvents(Bus()), _time, NullLogger<DiscoveryService>.Instance);
        var (machine, _) = Observe(Mdns("10.77.0.30", "node-w") with { AgentEnrolled = false });
        var (bare, _) = Observe(new Observation(DiscoverySources.Scan, IPAddress.Parse("10.77.0.31"), SshOpen: true));
        var key = new string('a', 64);
        Assert.Equal(ApproveOutcome.NothingWaiting, service.Approve(machine.Id, key).Outcome);

        _database.Execute($"INSERT INTO enrollment_requests (node_id, public_key_sha256, source, requested_at) VALUES ('node-w', '{key}', '10.77.0.30', 0)");
        Assert.Equal("waiting", service.Get(machine.Id)!.State);
        // Approval names the key; another key is not approved.
        Assert.Equal(ApproveOutcome.KeyNotWaiting, service.Approve(machine.Id, new string('b', 16)).Outcome);
        Assert.Equal(ApproveOutcome.Approved, service.Approve(machine.Id, key[..16]).Outcome);
        Assert.Equal(1, _database.Long("SELECT COUNT(*) FROM enrollment_requests WHERE node_id = 'node-w' AND approved_at IS NOT NULL"));
        Assert.Equal("discovered", service.Get(machine.Id)!.State);

        Assert.Equal(ApproveOutcome.NoAgent, service.Approve(bare.Id, key).Outcome);
        Assert.Equal(ApproveOutcome.UnknownMachine, service.Approve(999, key).Outcome);
    }

    private DiscoveryService Service(DiscoveryOptions? options = null) =>
        new(_store, options ?? new DiscoveryOptions(), new PiController.Hub.Security.EnrollmentRequestStore(_database, _time),
            new PiController.Hub.Events.NodeEvents(Bus()), _time, NullLogger<DiscoveryService>.Instance);

    [Fact]
    public void Machines_not_seen_for_the_forget_time_are_forgotten_but_a_connected_node_s_machine_is_kept()
    {
        var service = Service(new DiscoveryOptions { ForgetAfter = TimeSpan.FromDays(7) });
        var (old, _) = Observe(new Observation(DiscoverySources.Scan, IPAddress.Parse("10.77.0.40"), SshOpen: true));
        var (connected, _) = Observe(Mdns("10.77.0.41", "node-c"));
        _database.Execute("INSERT INTO nodes (node_id, instance_id, first_seen, last_seen, connected_since) VALUES ('node-c', 'i', 0, 0, 0)");
        _time.Advance(TimeSpan.FromDays(6));
        var (recent, _) = Observe(new Observation(DiscoverySources.Lease, IPAddress.Parse("10.77.0.42"), "b8:27:eb:00:00:42", "raspberrypi"));

        Assert.Equal(0, service.ForgetStale());
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, service.ForgetStale());

        Assert.Equal([connected.Id, recent.Id], service.List().Select(m => m.Id).Order());
        Assert.Null(service.Get(old.Id));
        Assert.Equal(0, _database.Long($"SELECT COUNT(*) FROM discovery_sightings WHERE machine_id = {old.Id}"));
    }

    [Fact]
    public void What_a_sighting_says_is_stored_capped_and_with_its_control_and_bidi_characters_made_visible()
    {
        var service = Service();
        var machine = service.Observe(new Observation(DiscoverySources.Lease, IPAddress.Parse("10.77.0.50"), "b8:27:eb:00:00:50",
            "\u001b]0;owned\u0007\u001b[2Jpi\u202eevil" + new string('x', 5000), Model: new string('m', 1000), Detail: "lease\u001b[31m in " + new string('d', 5000)));

        Assert.StartsWith(@"\x1b]0;owned\x07\x1b[2Jpi\u202eevil", machine.Hostname, StringComparison.Ordinal);
        Assert.True(machine.Hostname.Length <= DiscoveredText.MaxHostname, $"{machine.Hostname.Length} characters");
        Assert.True(machine.Model.Length <= DiscoveredText.MaxModel);
        Assert.True(machine.Sources.Single().Detail.Length <= DiscoveredText.MaxDetail);
        Assert.DoesNotContain(machine.Hostname + machine.Sources.Single().Detail, c => c < ' ' || c is '\u202e');
    }

    /// <summary>The store's record as the API shows it, so the assertions read in the API's terms.</summary>
    private (DiscoveredMachineView Machine, bool Created) Observe(Observation observation)
    {
        var (machine, created) = _store.Observe(observation);
        return (DiscoveredMachineView.From(machine), created);
    }

    private List<DiscoveredMachineView> List() => _store.List().Select(DiscoveredMachineView.From).ToList();

    private static string Membership(NodeStore nodes) => NodeView.From(nodes.Get("node-9")!, connected: false).Membership;
}
