using System.Diagnostics;
using PiController.Hub.Security;

namespace PiController.Hub.Discovery;

/// <summary>What approving a discovered machine's waiting agent came to.</summary>
internal enum ApproveOutcome
{
    Approved,
    UnknownMachine,
    NoAgent,
    NothingWaiting,
    KeyNotWaiting,
}

/// <summary>
/// The discovery operations that the API, the CLI and the background sources share: record a sighting (and raise
/// node.discovered for a new machine), scan a range, list, approve a waiting agent.
/// </summary>
internal sealed class DiscoveryService(
    DiscoveryStore store, DiscoveryOptions options, EnrollmentRequestStore requests, Events.NodeEvents events, TimeProvider time, ILogger<DiscoveryService> logger)
{
    public IReadOnlyList<DiscoveredMachineView> List() => store.List().Select(DiscoveredMachineView.From).ToList();

    public DiscoveredMachineView? Get(long id) => store.Get(id) is { } machine ? DiscoveredMachineView.From(machine) : null;

    public DiscoveredMachineView Observe(Observation observation)
    {
        observation = DiscoveredText.Clean(observation);
        if (observation.Mac is null && observation.Address is { } address)
        {
            // The kernel's neighbour table knows the MAC of anything we just heard from on the link.
            observation = observation with { Mac = NeighbourTable.Read().FirstOrDefault(n => n.Address.Equals(address))?.Mac };
        }
        var (stored, created) = store.Observe(observation);
        var machine = DiscoveredMachineView.From(stored);
        if (created)
        {
            DiscoveryLog.Discovered(logger, machine.Id, machine.Address, machine.Mac ?? "unknown", machine.NodeId ?? "none", machine.Confidence, observation.Source, observation.Detail);
            events.Discovered(new Events.NodeDiscoveredPayload(machine.Id, machine.Address, machine.Mac, machine.Hostname, machine.Model, observation.Source, machine.NodeId));
        }
        return machine;
    }

    /// <summary>Scans a range for SSH; throws <see cref="Api.HubException"/> (invalid) for a malformed or too large range.</summary>
    public async Task<ScanResultView> ScanAsync(string cidr, CancellationToken cancellationToken)
    {
        var range = CidrRange.Parse(cidr.Trim(), options.ScanMaxAddresses);
        var clock = Stopwatch.StartNew();
        var hosts = range.Hosts().Count();
        var open = await new SubnetScanner(options).ScanAsync(range, cancellationToken).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var neighbours = NeighbourTable.Read();
        var found = open.Select(address => Observe(new Observation(DiscoverySources.Scan, address,
            Mac: neighbours.FirstOrDefault(n => n.Address.Equals(address))?.Mac, SshOpen: true,
            Detail: $"port {options.ScanPort} open in a scan of {range}"))).ToList();
        DiscoveryLog.Scanned(logger, range.ToString(), found.Count, hosts, options.ScanPort, seconds);
        return new ScanResultView(range.ToString(), hosts, Math.Round(seconds, 3), found);
    }

    /// <summary>Forgets machines not seen for <see cref="DiscoveryOptions.ForgetAfter"/> (a connected node's stays); returns how many.</summary>
    public int ForgetStale()
    {
        var removed = store.DeleteNotSeenSince(time.GetUtcNow() - options.ForgetAfter);
        if (removed > 0)
        {
            DiscoveryLog.Forgotten(logger, removed, options.ForgetAfter);
        }
        return removed;
    }

    /// <summary>Approves the waiting enrollment of the machine's agent with the key the admin names (as nodes pending shows it).</summary>
    public (ApproveOutcome Outcome, ApprovalResult? Approval) Approve(long id, string keyPrefix)
    {
        var machine = store.Get(id);
        if (machine is null)
        {
            return (ApproveOutcome.UnknownMachine, null);
        }
        if (machine.NodeId is null)
        {
            return (ApproveOutcome.NoAgent, null);
        }
        var result = requests.Approve(machine.NodeId, keyPrefix);
        if (result.Outcome == ApprovalOutcome.Approved)
        {
            events.StatusChanged(machine.NodeId, "approved", "waiting", "approved",
                $"an admin approved the waiting enrollment with key sha256 {EnrollmentKeys.Short(result.PublicKeySha256!)} (discovered machine {machine.Id}); the agent gets its certificate when it asks again");
        }
        return (result.Succeeded ? ApproveOutcome.Approved : result.Outcome == ApprovalOutcome.NothingWaiting ? ApproveOutcome.NothingWaiting : ApproveOutcome.KeyNotWaiting, result);
    }
}
