using PiController.Agent.Hardware.Control.Simulation;

namespace PiController.Agent.Configuration;

/// <summary>The agent's settings after the file, the environment and the flags have been applied, in that order.</summary>
internal sealed class AgentOptions
{
    public const string DefaultConfigPath = "/etc/pi-controller/agent.conf";
    public const string DefaultDataDirectory = "/var/lib/pi-controller";

    /// <summary>The hub's address, for example https://hub.local:8443.</summary>
    public Uri? Hub { get; set; }

    /// <summary>SHA-256 of the hub CA certificate (DER), lower-case hex without separators.</summary>
    public string? CaFingerprint { get; set; }

    /// <summary>Join token (PIC1...::id.secret) for enrollment; it also pins the hub CA.</summary>
    public string? JoinToken { get; set; }

    /// <summary>The CA fingerprint pinned in the join token (the part between PIC1 and ::).</summary>
    public string? JoinTokenFingerprint => JoinToken is { } t ? t[4..t.IndexOf("::", StringComparison.Ordinal)] : null;

    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>"auto" reads the real board; "sim" runs the simulated Pi 4B.</summary>
    public string Board { get; set; } = "auto";

    /// <summary>Serial number of the simulated board; by default derived from /etc/machine-id.</summary>
    public string? SimSerial { get; set; }

    /// <summary>Wires between GPIOs of the simulated board ("17-27, 5-6"); none by default.</summary>
    public SimulatedWiring SimWiring { get; set; } = SimulatedWiring.None;

    public string LogLevel { get; set; } = "info";

    /// <summary>Root of /proc, /sys, /dev and /etc; "/" except in tests.</summary>
    public string SystemRoot { get; set; } = "/";

    /// <summary>Announce the agent over mDNS and, without a hub address, find the hub that way.</summary>
    public bool Mdns { get; set; } = true;

    public bool IsSimulated => Board == "sim";
}
