using System.Net;

namespace PiController.Hub.Discovery.Leases;

/// <summary>
/// Kea's memfile lease store (<c>/var/lib/kea/kea-leases4.csv</c>): a header naming the columns (address, hwaddr,
/// client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state, user_context[, pool_id]),
/// then one row per lease change; the file is appended to, so a later row for an address replaces an earlier one.
/// A row with valid_lifetime 0 is a release, state 1 (declined) or 2 (expired-reclaimed) is no current lease.
/// Kea escapes a comma inside a value as "&amp;#x2c".
/// </summary>
internal static class KeaLeases
{
    public static LeaseParse Parse(string text, string source)
    {
        var leases = new Dictionary<IPAddress, Lease>();
        var warnings = new List<string>();
        var lines = text.Split('\n');
        var header = lines.Select((l, i) => (Line: l.Trim(), Number: i + 1)).FirstOrDefault(l => l.Line.Length > 0 && !l.Line.StartsWith('#'));
        if (header.Line is null)
        {
            return LeaseParse.Of(leases, warnings);
        }
        var columns = header.Line.Split(',');
        int Column(string name) => Array.IndexOf(columns, name);
        var (addressColumn, macColumn, hostColumn, lifetimeColumn, stateColumn) =
            (Column("address"), Column("hwaddr"), Column("hostname"), Column("valid_lifetime"), Column("state"));
        if (addressColumn < 0 || macColumn < 0)
        {
            warnings.Add($"{source}:{header.Number}: header has no \"address\" and \"hwaddr\" columns; not a Kea lease file? Skipped the file");
            return LeaseParse.Of(leases, warnings);
        }
        for (var i = header.Number; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var f = line.Split(',');
            // user_context (JSON) may hold commas of its own, so a row can only be too short, never too long to use.
            if (f.Length < columns.Length - 1 || f.Length <= Math.Max(addressColumn, macColumn))
            {
                warnings.Add($"{source}:{number}: {f.Length} fields where the header has {columns.Length}, skipped: {DnsmasqLeases.Show(line)}");
                continue;
            }
            if (!IPAddress.TryParse(f[addressColumn], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                warnings.Add($"{source}:{number}: \"{DnsmasqLeases.Show(f[addressColumn])}\" is not an IPv4 address, skipped");
                continue;
            }
            var released = lifetimeColumn >= 0 && lifetimeColumn < f.Length && f[lifetimeColumn] == "0";
            var state = stateColumn >= 0 && stateColumn < f.Length ? f[stateColumn] : "0";
            if (released || state is "1" or "2")
            {
                leases.Remove(address);
                continue;
            }
            if (RaspberryPiMac.Normalize(f[macColumn]) is not { } mac)
            {
                warnings.Add($"{source}:{number}: \"{DnsmasqLeases.Show(f[macColumn])}\" is not a MAC address, skipped");
                continue;
            }
            var hostname = hostColumn >= 0 && hostColumn < f.Length ? f[hostColumn].Replace("&#x2c", ",", StringComparison.Ordinal).TrimEnd('.') : "";
            leases[address] = new Lease(mac, address, hostname);
        }
        return LeaseParse.Of(leases, warnings);
    }
}
