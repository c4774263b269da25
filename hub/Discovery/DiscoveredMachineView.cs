namespace PiController.Hub.Discovery;

/// <summary>One source that saw a machine, and when.</summary>
internal sealed record SightingView(string Source, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string Detail)
{
    public static SightingView From(Sighting s) => new(s.Source, s.FirstSeen, s.LastSeen, s.Detail);
}

/// <summary>
/// A machine the hub has discovered. <c>Confidence</c> says how sure the hub is that it is a Raspberry Pi
/// ("certain": its agent says so; "likely": a Raspberry Pi MAC prefix; "possible": a Pi-like hostname;
/// "unknown"; "no": its agent reports another board) and <c>Evidence</c> why. <c>State</c> is its membership:
/// "discovered", "waiting" (its agent waits for an admin's approval), "enrolled", "lost".
/// </summary>
internal sealed record DiscoveredMachineView(
    long Id,
    string? NodeId,
    string? Mac,
    string Address,
    string Hostname,
    string Model,
    string Agent,
    bool SshOpen,
    string Confidence,
    string Evidence,
    string State,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<SightingView> Sources)
{
    /// <summary>What the API shows of a stored machine: how sure the hub is that it is a Pi, and where it stands.</summary>
    public static DiscoveredMachineView From(DiscoveredMachine m)
    {
        var (confidence, evidence) = PiConfidence.Assess(m.Mac, m.Hostname, m.Model, m.AgentVersion.Length > 0, m.SshOpen);
        var state = m.Membership ?? (m.WaitingForApproval ? "waiting" : "discovered");
        return new DiscoveredMachineView(m.Id, m.NodeId, m.Mac, m.Address, m.Hostname, m.Model, m.AgentVersion.Length == 0 ? "none" : m.AgentVersion,
            m.SshOpen, confidence, evidence, state, m.FirstSeen, m.LastSeen, m.Sightings.Select(SightingView.From).ToList());
    }
}

internal sealed record ScanRequest(string? Cidr);

internal sealed record ScanResultView(string Cidr, int Probed, double Seconds, IReadOnlyList<DiscoveredMachineView> Found);
