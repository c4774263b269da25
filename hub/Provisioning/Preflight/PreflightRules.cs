using System.Globalization;
using PiController.Hub.Provisioning.Install;
using PiController.Protocol.Hardware;

namespace PiController.Hub.Provisioning.Preflight;

/// <summary>
/// Judges one node's <see cref="PreflightFacts"/> for its role, before anything on it changes: every check gives one
/// finding, ok, warning or refusal, with a message that says what to do. Pure: the same facts give the same findings.
/// The thresholds are K3S.md's (docs.k3s.io requirements, measured on a Pi 4B): a server needs 2 GB (below 1 GB it
/// is refused), an agent runs in 512 MB but is warned below 1 GB.
/// </summary>
internal static class PreflightRules
{
    public static IReadOnlyList<PreflightFinding> Evaluate(PreflightFacts facts, K3sRole role)
    {
        List<PreflightFinding> findings = [Architecture(facts.Architecture), Memory(facts, role), MemoryCgroup(facts)];
        findings.AddRange(PreflightSystemRules.Evaluate(facts, role));
        findings.AddRange(PreflightNetworkRules.Evaluate(facts, role));
        return findings;
    }

    /// <summary>The release architecture of K3s for <c>uname -m</c>: arm64, arm (armhf) or amd64; null for one K3s does not ship.</summary>
    public static string? K3sArchitecture(string? machine) => machine switch
    {
        "aarch64" or "arm64" => "arm64",
        "armv7l" or "armv8l" => "arm",
        "x86_64" or "amd64" => "amd64",
        _ => null,
    };

    private static PreflightFinding Architecture(string? machine) => (machine, K3sArchitecture(machine)) switch
    {
        (null, _) => new("architecture", FindingLevel.Refusal, "the node's architecture could not be read (uname -m); check the agent or SSH user can run it"),
        (_, null) => new("architecture", FindingLevel.Refusal, $"K3s has no build for {machine} (it ships arm64, armhf for ARMv7 and amd64); a Pi Zero or Pi 1 (ARMv6) cannot run it"),
        (_, "arm") => new("architecture", FindingLevel.Warning, $"{machine}: a 32-bit OS; K3s runs (armhf), but a 64-bit Raspberry Pi OS uses the memory better and gets the arm64 images"),
        (_, var k3s) => new("architecture", FindingLevel.Ok, $"{machine} (K3s {k3s})"),
    };

    private static PreflightFinding Memory(PreflightFacts facts, K3sRole role)
    {
        var board = facts.RevisionCode is { } code ? new RevisionCode(code).MemoryMegabytes : null;
        var megabytes = board ?? ProcTexts.MemTotalMegabytes(facts.MemInfo);
        if (megabytes is not { } memory)
        {
            return new("memory", FindingLevel.Warning, "the board's memory is unknown (no revision code, no /proc/meminfo); the plan keeps the kubelet's defaults");
        }
        var source = board is null ? " (MemTotal)" : "";
        var text = Size(memory) + source;
        return (role, memory) switch
        {
            (K3sRole.Server, < 1024) => new("memory", FindingLevel.Refusal, $"{text}: a K3s server with embedded etcd needs 2 GB and cannot run in less than 1 GB; make this node an agent"),
            (K3sRole.Server, < 2048) => new("memory", FindingLevel.Warning, $"{text}: K3s recommends 2 GB for a server (a Pi 4B's server with a workload uses about 1.6 GB); expect little room for pods, or make it an agent"),
            (K3sRole.Agent, < 1024) => new("memory", FindingLevel.Warning, $"{text}: an agent runs (about 270 MB for K3s itself) but leaves little for pods"),
            _ => new("memory", FindingLevel.Ok, text),
        };
    }

    private static PreflightFinding MemoryCgroup(PreflightFacts facts)
    {
        var enabled = CgroupState.MemoryEnabled(facts.CgroupControllers, facts.ProcCgroups);
        if (enabled is null)
        {
            return new("memory-cgroup", FindingLevel.Refusal, "neither /sys/fs/cgroup/cgroup.controllers nor /proc/cgroups could be read; K3s needs the memory cgroup");
        }
        if (enabled.Value)
        {
            return new("memory-cgroup", FindingLevel.Ok, "the memory cgroup controller is enabled");
        }
        if (facts.CmdlinePath is not { } path || facts.CmdlineText is not { } text)
        {
            return new("memory-cgroup", FindingLevel.Refusal, "the memory cgroup controller is off and no cmdline.txt was found; add cgroup_memory=1 cgroup_enable=memory to the kernel command line and reboot");
        }
        var missing = BootCmdline.Missing(text);
        if (missing.Count == 0)
        {
            return new("memory-cgroup", FindingLevel.Refusal, $"{path} has cgroup_memory=1 cgroup_enable=memory but the kernel still runs without the memory cgroup " +
                "(seen on Pi 5 boards, k3s-io/k3s#8890): update the kernel and firmware (apt full-upgrade), reboot, and check that the firmware reads this file");
        }
        return new("memory-cgroup", FindingLevel.Refusal, $"the memory cgroup controller is off: {path} lacks {string.Join(" ", missing)}; " +
            "run again with --fix to add it and reboot the node, or add it to the file's single line yourself and reboot",
            new CmdlineFix(path, BootCmdline.WithMemoryFlags(text)));
    }

    private static string Size(uint megabytes) => megabytes >= 1024 && megabytes % 1024 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{megabytes / 1024} GB")
        : string.Create(CultureInfo.InvariantCulture, $"{megabytes} MB");
}
