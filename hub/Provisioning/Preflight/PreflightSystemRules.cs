using System.Globalization;
using PiController.Hub.Provisioning.Install;

namespace PiController.Hub.Provisioning.Preflight;

/// <summary>The checks of the node's system: swap, clock, disk, hostname, and where a server's etcd would live.</summary>
internal static class PreflightSystemRules
{
    /// <summary>Skew up to this is fine; up to <see cref="ClockRefused"/> is warned (etcd complains about a second of drift).</summary>
    private static readonly TimeSpan ClockFine = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ClockRefused = TimeSpan.FromMinutes(1);
    private const ulong GiB = 1024UL * 1024 * 1024;
    private const ulong DiskRefused = 2 * GiB;
    private const ulong DiskWarned = 5 * GiB;

    public static IEnumerable<PreflightFinding> Evaluate(PreflightFacts facts, K3sRole role)
    {
        yield return Swap(facts.Swaps);
        yield return Clock(facts.ClockSkew);
        yield return Disk(facts.FreeDiskBytes);
        yield return Hostname(facts.Hostname, facts.OtherHostnames);
        if (role == K3sRole.Server)
        {
            yield return Storage(facts.RootDevice);
        }
    }

    private static PreflightFinding Swap(string? swaps) => swaps is null
        ? new("swap", FindingLevel.Warning, "/proc/swaps could not be read")
        : ProcTexts.SwapAreas(swaps) is { Count: > 0 } areas
            ? new("swap", FindingLevel.Warning, $"swap is on ({string.Join(", ", areas)}): pods that outgrow memory slow the Pi down instead of being evicted, and swap wears an SD card; " +
                "turn it off (sudo dphys-swapfile swapoff && sudo systemctl disable dphys-swapfile, or remove it from /etc/fstab)")
            : new("swap", FindingLevel.Ok, "no swap");

    private static PreflightFinding Clock(TimeSpan? skew)
    {
        if (skew is not { } value)
        {
            return new("clock", FindingLevel.Warning, "the node's clock could not be compared with the hub's");
        }
        var seconds = string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(value.TotalSeconds):0.#} s {(value < TimeSpan.Zero ? "behind" : "ahead of")} the hub");
        var fix = "enable time sync (sudo timedatectl set-ntp true; a Pi has no real-time clock) and run again";
        return value.Duration() <= ClockFine ? new("clock", FindingLevel.Ok, seconds)
            : value.Duration() <= ClockRefused ? new("clock", FindingLevel.Warning, $"{seconds}: etcd and certificate checks need clocks in step; {fix}")
            : new("clock", FindingLevel.Refusal, $"{seconds}: certificates would not be valid yet or any more; {fix}");
    }

    private static PreflightFinding Disk(ulong? free)
    {
        if (free is not { } bytes)
        {
            return new("disk", FindingLevel.Warning, "the free space under /var/lib/rancher could not be read");
        }
        var text = string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)GiB:0.#} GiB free under /var/lib/rancher");
        return bytes < DiskRefused ? new("disk", FindingLevel.Refusal, $"{text}: K3s needs at least 2 GiB (the system images alone take about 1 GiB unpacked); free space or use a larger card or an SSD")
            : bytes < DiskWarned ? new("disk", FindingLevel.Warning, $"{text}: enough to start, little for images and etcd; the kubelet starts evicting pods below 10% free")
            : new("disk", FindingLevel.Ok, text);
    }

    private static PreflightFinding Hostname(string? hostname, IReadOnlyList<string> others)
    {
        if (hostname is null)
        {
            return new("hostname", FindingLevel.Warning, "the hostname could not be read; the node is named after its serial");
        }
        return others.Contains(hostname, StringComparer.OrdinalIgnoreCase)
            ? new("hostname", FindingLevel.Warning, $"another node of the cluster is also called \"{hostname}\"; the plan names this one after its serial " +
                "(or rename it: sudo hostnamectl set-hostname NAME, and run again)")
            : new("hostname", FindingLevel.Ok, hostname);
    }

    private static PreflightFinding Storage(string? device) => StorageKinds.Of(device) switch
    {
        StorageKind.SdOrEmmc => new("storage", FindingLevel.Warning, $"the root file system is on {device}, an SD card or eMMC: etcd writes constantly, which wears it out and " +
            "stalls the cluster under load (K3s's docs); boot servers from an SSD"),
        StorageKind.Ssd => new("storage", FindingLevel.Ok, $"the root file system is on {device}"),
        _ => new("storage", FindingLevel.Warning, $"the root file system's device ({device ?? "unknown"}) is not recognised; use an SSD for etcd, not an SD card"),
    };
}
