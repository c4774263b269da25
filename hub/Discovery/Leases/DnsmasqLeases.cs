using System.Net;
using System.Net.Sockets;
using PiController.Protocol.Text;

namespace PiController.Hub.Discovery.Leases;

/// <summary>
/// dnsmasq's lease file (<c>/var/lib/misc/dnsmasq.leases</c>; OpenWrt keeps the same format in
/// <c>/tmp/dhcp.leases</c>): "EXPIRY MAC IP HOSTNAME CLIENT-ID", hostname "*" when unknown. IPv6 leases (after the
/// "duid" line, IAID in place of the MAC) are not for us and are passed over quietly.
/// </summary>
internal static class DnsmasqLeases
{
    public static LeaseParse Parse(string text, string source)
    {
        var leases = new Dictionary<IPAddress, Lease>();
        var warnings = new List<string>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("duid ", StringComparison.Ordinal))
            {
                continue;
            }
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4)
            {
                warnings.Add($"{source}:{number}: expected \"EXPIRY MAC IP HOSTNAME [CLIENT-ID]\", skipped: {Show(line)}");
                continue;
            }
            if (!long.TryParse(f[0], out _))
            {
                warnings.Add($"{source}:{number}: expiry \"{Show(f[0])}\" is not a number, skipped");
                continue;
            }
            if (!IPAddress.TryParse(f[2], out var address))
            {
                warnings.Add($"{source}:{number}: \"{Show(f[2])}\" is not an IP address, skipped");
                continue;
            }
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                continue;
            }
            if (RaspberryPiMac.Normalize(f[1]) is not { } mac)
            {
                warnings.Add($"{source}:{number}: \"{Show(f[1])}\" is not a MAC address, skipped");
                continue;
            }
            leases[address] = new Lease(mac, address, f[3] == "*" ? "" : f[3]);
        }
        return LeaseParse.Of(leases, warnings);
    }

    /// <summary>A line as it can go into a log: control and bidi characters escaped, and short.</summary>
    public static string Show(string text) => PrintableText.Truncate(text, 121);
}
