using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PiController.K3sStandIn.Kubelet;

/// <summary>
/// What a kubelet reports about its host, read from the host (never invented): processors, MemTotal of
/// /proc/meminfo, architecture, kernel, PRETTY_NAME of /etc/os-release, machine and boot ids. What cannot be read is
/// left out of the Node rather than guessed.
/// </summary>
internal sealed record NodeFacts(
    int Cpus,
    string? MemoryKi,
    string Architecture,
    string? KernelVersion,
    string? OsImage,
    string? MachineId,
    string? BootId,
    string Hostname)
{
    public static NodeFacts Read() => new(
        Environment.ProcessorCount,
        MemTotal(),
        RuntimeInformation.OSArchitecture switch { System.Runtime.InteropServices.Architecture.Arm64 => "arm64", System.Runtime.InteropServices.Architecture.Arm => "arm", _ => "amd64" },
        FirstLine("/proc/sys/kernel/osrelease"),
        OsRelease(),
        FirstLine("/etc/machine-id"),
        FirstLine("/proc/sys/kernel/random/boot_id"),
        Environment.MachineName);

    /// <summary>The host's own address when no connection says better: the first IPv4 address of an interface that is up, not loopback.</summary>
    public static IPAddress PrimaryAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;

    private static string? MemTotal()
    {
        var line = Lines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is [_, var kilobytes, "kB"] && long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? kilobytes + "Ki" : null;
    }

    private static string? OsRelease() =>
        Lines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"');

    private static string? FirstLine(string path) => Lines(path).FirstOrDefault()?.Trim() is { Length: > 0 } line ? line : null;

    private static string[] Lines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
