using System.Net;
using System.Net.Sockets;

namespace PiController.Testing;

/// <summary>Ports on 127.0.0.1 for programs under test.</summary>
public static class LoopbackPort
{
    private static readonly object Gate = new();
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port nothing listens on now, below the kernel's range for outgoing connections (read from
    /// /proc/sys/net/ipv4/ip_local_port_range): a port the kernel hands out for port 0 may meanwhile become the local
    /// end of some test's client connection, and the program told to listen there fails with "address in use".
    /// Never the same port twice in one test run.
    /// </summary>
    public static int Free()
    {
        var (low, _) = EphemeralRange();
        var first = Math.Max(1024, low - 12_000);
        lock (Gate)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(first, low);
                if (Given.Contains(port))
                {
                    continue;
                }
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    Given.Add(port);
                    return port;
                }
                catch (SocketException)
                {
                    // Taken: try another.
                }
            }
        }
        using var fallback = new TcpListener(IPAddress.Loopback, 0);
        fallback.Start();
        return ((IPEndPoint)fallback.LocalEndpoint).Port;
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return (32768, 60999);
        }
    }
}
