using System.Net;
using System.Net.Sockets;

namespace PiController.Hub.Discovery.Leases;

/// <summary>
/// ISC dhcpd's lease database (<c>/var/lib/dhcp/dhcpd.leases</c>), as dhcpd writes it: one statement per line,
/// <c>lease 192.168.1.23 {</c> ... <c>}</c> blocks with "hardware ethernet", "client-hostname" and "binding state",
/// appended to as leases change, so the last block for an address wins. Other blocks (failover, lease6, host)
/// are passed over. Only leases in binding state "active" (or with none given) are current.
/// </summary>
internal static class IscDhcpdLeases
{
    public static LeaseParse Parse(string text, string source)
    {
        var leases = new Dictionary<IPAddress, Lease>();
        var warnings = new List<string>();
        var lines = text.Split('\n');
        var depth = 0;
        Block? lease = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line == "}")
            {
                if (depth == 0)
                {
                    warnings.Add($"{source}:{number}: \"}}\" closes no block, skipped");
                    continue;
                }
                depth--;
                if (depth == 0 && lease is not null)
                {
                    Finish(lease, leases, warnings, source);
                    lease = null;
                }
                continue;
            }
            if (line.EndsWith('{'))
            {
                if (depth == 0 && line.StartsWith("lease ", StringComparison.Ordinal))
                {
                    var words = line[..^1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length == 2 && IPAddress.TryParse(words[1], out var address) && address.AddressFamily == AddressFamily.InterNetwork)
                    {
                        lease = new Block(address, number);
                    }
                    else
                    {
                        warnings.Add($"{source}:{number}: \"{DnsmasqLeases.Show(line)}\" does not start a lease of one IPv4 address; its block is skipped");
                        lease = null;
                    }
                }
                depth++;
                continue;
            }
            if (!line.EndsWith(';'))
            {
                warnings.Add($"{source}:{number}: statement does not end with \";\", skipped: {DnsmasqLeases.Show(line)}");
                continue;
            }
            if (lease is not null && depth == 1)
            {
                Statement(lease, line[..^1].Trim(), number, warnings, source);
            }
        }
        if (lease is not null)
        {
            warnings.Add($"{source}:{lease.Line}: the lease of {lease.Address} is not closed with \"}}\" before the end of the file, skipped");
        }
        return LeaseParse.Of(leases, warnings);
    }

    private static void Statement(Block lease, string statement, int number, List<string> warnings, string source)
    {
        if (statement.StartsWith("hardware ethernet ", StringComparison.Ordinal))
        {
            var value = statement["hardware ethernet ".Length..].Trim();
            lease.Mac = RaspberryPiMac.Normalize(value);
            if (lease.Mac is null)
            {
                warnings.Add($"{source}:{number}: \"{DnsmasqLeases.Show(value)}\" is not a MAC address; the lease of {lease.Address} is skipped");
                lease.Broken = true;
            }
        }
        else if (statement.StartsWith("client-hostname ", StringComparison.Ordinal))
        {
            var value = statement["client-hostname ".Length..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            {
                warnings.Add($"{source}:{number}: client-hostname is not a quoted string, ignored: {DnsmasqLeases.Show(value)}");
                return;
            }
            lease.Hostname = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
        }
        else if (statement.StartsWith("binding state ", StringComparison.Ordinal))
        {
            lease.State = statement["binding state ".Length..].Trim();
        }
    }

    private static void Finish(Block lease, Dictionary<IPAddress, Lease> leases, List<string> warnings, string source)
    {
        if (lease.Broken)
        {
            return;
        }
        if (lease.State is not (null or "active"))
        {
            leases.Remove(lease.Address);
            return;
        }
        if (lease.Mac is null)
        {
            warnings.Add($"{source}:{lease.Line}: the lease of {lease.Address} has no \"hardware ethernet\", skipped");
            return;
        }
        leases[lease.Address] = new Lease(lease.Mac, lease.Address, lease.Hostname ?? "");
    }

    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"' && (i == 0 || line[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (line[i] == '#' && !quoted)
            {
                return line[..i];
            }
        }
        return line;
    }

    private sealed class Block(IPAddress address, int line)
    {
        public IPAddress Address { get; } = address;
        public int Line { get; } = line;
        public string? Mac { get; set; }
        public string? Hostname { get; set; }
        public string? State { get; set; }
        public bool Broken { get; set; }
    }
}
