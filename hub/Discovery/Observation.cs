using System.Net;

namespace PiController.Hub.Discovery;

/// <summary>Where a machine was seen.</summary>
internal static class DiscoverySources
{
    public const string Mdns = "mdns";
    public const string Scan = "scan";
    public const string Neighbour = "neighbour";
    public const string Lease = "lease";
}

/// <summary>One sighting of a machine by one source; the store merges it into a discovered machine.</summary>
internal sealed record Observation(
    string Source,
    IPAddress? Address,
    string? Mac = null,
    string? Hostname = null,
    string? NodeId = null,
    string? Model = null,
    bool? AgentEnrolled = null,
    bool SshOpen = false,
    string Detail = "");
