using PiController.Hub.Discovery.Leases;

namespace PiController.Hub.Discovery;

/// <summary>Settings of discovery and membership; <c>pi-controller serve</c> sets them from its flags.</summary>
internal sealed class DiscoveryOptions
{
    /// <summary>
    /// Announce <c>_pi-controller._tcp</c> and browse <c>_pi-agent._tcp</c>. Off unless asked for (serve turns it on
    /// by default), so a hub composed in-process by a test multicasts nothing.
    /// </summary>
    public bool Mdns { get; set; }

    /// <summary>How long a node may be disconnected and silent (no mDNS answer, no scan hit) before it is lost.</summary>
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A discovered machine not seen for this long is forgotten (a connected node's machine never is).</summary>
    public TimeSpan ForgetAfter { get; set; } = DefaultForgetAfter;

    public static readonly TimeSpan DefaultForgetAfter = TimeSpan.FromDays(7);

    public IReadOnlyList<LeaseFile> LeaseFiles { get; set; } = [];

    /// <summary>How often lease files and the neighbour table are read again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest range a scan may cover (a /22).</summary>
    public long ScanMaxAddresses { get; set; } = 1024;

    /// <summary>Probes in flight at once.</summary>
    public int ScanConcurrency { get; set; } = 128;

    /// <summary>New probes started per second, at most.</summary>
    public int ScanRate { get; set; } = 1000;

    /// <summary>How long a probe waits for the TCP handshake; a Pi on the LAN answers in milliseconds.</summary>
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMilliseconds(1000);

    public int ScanPort { get; set; } = 22;
}
