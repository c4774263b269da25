using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PiController.Hub.Discovery;

/// <summary>An IPv4 neighbour with a known link-layer address.</summary>
internal sealed record Neighbour(IPAddress Address, string Mac, string Device);

/// <summary>
/// The kernel's neighbour (ARP) table: <c>/proc/net/arp</c>, else <c>ip -4 neigh show</c> where iproute2 is
/// installed (a process, so only when the file cannot be read). Incomplete and failed entries (no MAC) are left out.
/// </summary>
internal static class NeighbourTable
{
    private static readonly string[] IpCommands = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"];

    public static IReadOnlyList<Neighbour> Read(string procNetArp = "/proc/net/arp")
    {
        try
        {
            return [.. ParseProcNetArp(File.ReadAllText(procNetArp)).DistinctBy(n => n.Address)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc (a container without it, or no permission): ask iproute2.
            return RunIpNeigh() is { } output ? [.. ParseIpNeigh(output).DistinctBy(n => n.Address)] : [];
        }
    }

    /// <summary>Parses /proc/net/arp: "IP address  HW type  Flags  HW address  Mask  Device" with a header line.</summary>
    public static IEnumerable<Neighbour> ParseProcNetArp(string text)
    {
        foreach (var line in text.Split('\n').Skip(1))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // Flags 0x2 (ATF_COM) means complete; 0x0 is an incomplete entry with an all-zero address.
            if (f.Length >= 6 && IPAddress.TryParse(f[0], out var ip) && ip.AddressFamily == AddressFamily.InterNetwork
                && f[2].StartsWith("0x", StringComparison.Ordinal) && int.TryParse(f[2].AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out var flags)
                && (flags & 0x2) != 0 && RaspberryPiMac.Normalize(f[3]) is { } mac && mac != "00:00:00:00:00:00")
            {
                yield return new Neighbour(ip, mac, f[5]);
            }
        }
    }

    /// <summary>Parses <c>ip neigh</c>: "10.0.0.5 dev eth0 lladdr b8:27:eb:01:02:03 REACHABLE"; FAILED/INCOMPLETE lines have no lladdr.</summary>
    public static IEnumerable<Neighbour> ParseIpNeigh(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var lladdr = Array.IndexOf(f, "lladdr");
            var dev = Array.IndexOf(f, "dev");
            if (f.Length > 0 && lladdr > 0 && lladdr + 1 < f.Length && IPAddress.TryParse(f[0], out var ip)
                && ip.AddressFamily == AddressFamily.InterNetwork && RaspberryPiMac.Normalize(f[lladdr + 1]) is { } mac
                && !f.Contains("FAILED") && !f.Contains("INCOMPLETE"))
            {
                yield return new Neighbour(ip, mac, dev > 0 && dev + 1 < f.Length ? f[dev + 1] : "");
            }
        }
    }

    private static string? RunIpNeigh()
    {
        var ip = IpCommands.FirstOrDefault(File.Exists);
        if (ip is null)
        {
            return null;
        }
        try
        {
            using var process = Process.Start(new ProcessStartInfo(ip, ["-4", "neigh", "show"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(2000))
            {
                process.Kill();
                return null;
            }
            return output.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
