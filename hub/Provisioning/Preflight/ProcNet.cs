using System.Globalization;

namespace PiController.Hub.Provisioning.Preflight;

/// <summary>The texts of /proc/net: routes and sockets.</summary>
internal static class ProcNet
{
    private const string Listen = "0A";

    /// <summary>/proc/net/route holds a route that is up (flag 0x1) to 0.0.0.0/0.</summary>
    public static bool HasDefaultRoute(string routes) => Rows(routes)
        .Any(f => f.Length >= 8 && f[1] == "00000000" && f[7] == "00000000" &&
                  int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags) && (flags & 1) == 1);

    /// <summary>The local ports of the TCP sockets in LISTEN state (/proc/net/tcp, tcp6).</summary>
    public static IReadOnlySet<int> ListeningTcpPorts(string sockets) =>
        Rows(sockets).Where(f => f.Length >= 4 && f[3] == Listen).Select(f => Port(f[1])).OfType<int>().ToHashSet();

    /// <summary>The local ports of every UDP socket (/proc/net/udp, udp6): a bound UDP port is taken.</summary>
    public static IReadOnlySet<int> BoundUdpPorts(string sockets) =>
        Rows(sockets).Where(f => f.Length >= 4).Select(f => Port(f[1])).OfType<int>().Where(p => p != 0).ToHashSet();

    /// <summary>Data rows: split on blanks, the header lines (not starting with a digit or an interface name row) left out.</summary>
    private static IEnumerable<string[]> Rows(string text) => text.Split('\n')
        .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        .Where(f => f.Length > 0 && f[0] is not ("Iface" or "sl"));

    /// <summary>"0100007F:1A0B" -> 6667; null when the field is not an address:port.</summary>
    private static int? Port(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address[(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) ? port : null;
    }
}
