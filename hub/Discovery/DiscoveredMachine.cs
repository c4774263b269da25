namespace PiController.Hub.Discovery;

/// <summary>One source that saw a machine, and when (table discovery_sightings).</summary>
internal sealed record Sighting(string Source, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Detail);

/// <summary>
/// A discovered machine as stored (table discovered_machines), with its node's membership when it has a node and
/// whether its agent waits for an admin. <see cref="DiscoveredMachineView.From"/> makes what the API shows.
/// </summary>
internal sealed record DiscoveredMachine(
    long Id,
    string? NodeId,
    string? Mac,
    string Address,
    string Hostname,
    string Model,
    string AgentVersion,
    bool SshOpen,
    string? Membership,
    bool WaitingForApproval,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<Sighting> Sightings);
