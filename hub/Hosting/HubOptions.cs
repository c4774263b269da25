using System.Net;

namespace PiController.Hub.Hosting;

/// <summary>Settings of <c>pi-controller serve</c>.</summary>
internal sealed class HubOptions
{
    public const string DefaultDataDirectory = "/var/lib/pi-controller";
    public const int DefaultPort = 8443;
    public const long DefaultEventMaxRows = 1_000_000;
    public const int DefaultAuditMaxRows = 500_000;
    public static readonly TimeSpan DefaultEventRetention = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultAuditRetention = TimeSpan.FromDays(90);

    public string DataDirectory { get; set; } = DefaultDataDirectory;

    public IPAddress Address { get; set; } = IPAddress.Any;

    public int Port { get; set; } = DefaultPort;

    /// <summary>Extra DNS names or IP addresses for the server certificate.</summary>
    public IReadOnlyList<string> TlsSubjectAlternativeNames { get; set; } = [];

    /// <summary>How often agents send heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an agent has to say Hello after opening its stream.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lifetime of the client certificates issued to agents; they rotate before 2/3 of it.</summary>
    public TimeSpan NodeCertificateLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>mDNS, scans, lease files, and when a silent node is lost.</summary>
    public Discovery.DiscoveryOptions Discovery { get; set; } = new();

    /// <summary>How long events are kept in the database for clients that resume with since.</summary>
    public TimeSpan EventRetention { get; set; } = DefaultEventRetention;

    /// <summary>The most events the table keeps; the oldest beyond it go, whatever their age.</summary>
    public long EventMaxRows { get; set; } = DefaultEventMaxRows;

    /// <summary>How many input edges, and separately how many sensor readings, one node may add per window.</summary>
    public int HardwareEventsPerWindow { get; set; } = 500;

    /// <summary>The window of <see cref="HardwareEventsPerWindow"/>.</summary>
    public TimeSpan HardwareEventWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long audit entries are kept.</summary>
    public TimeSpan AuditRetention { get; set; } = DefaultAuditRetention;

    /// <summary>The most audit entries kept; beyond it the oldest are deleted.</summary>
    public int AuditMaxRows { get; set; } = DefaultAuditMaxRows;

    /// <summary>Where k3s fetch downloads K3s releases: K3s's GitHub release page, or a mirror laid out like it.</summary>
    public Uri K3sReleaseUrl { get; set; } = Provisioning.Artifacts.K3sArtifactLimits.GitHubReleases;

    public string DatabasePath => Path.Join(DataDirectory, "hub.db");
}
