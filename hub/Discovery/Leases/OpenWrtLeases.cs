using System.Net;
using System.Net.Sockets;

namespace PiController.Hub.Discovery.Leases;

/// <summary>
/// OpenWrt: the router's dynamic leases are dnsmasq's format in <c>/tmp/dhcp.leases</c> (read by
/// <see cref="DnsmasqLeases"/>); its static leases are UCI <c>config host</c> sections in <c>/etc/config/dhcp</c>,
/// read here: <c>option name</c>, <c>option mac</c> (one or more, space-separated, or <c>list mac</c>) and
/// <c>option ip</c>. Other sections (dnsmasq, dhcp, domain ...) are passed over.
/// </summary>
internal static class OpenWrtLeases
{
    public static LeaseParse Parse(string text, string source)
    {
        var leases = new Dictionary<IPAddress, Lease>();
        var warnings = new List<string>();
        Host? host = null;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (!TryWords(line, out var words))
            {
                warnings.Add($"{source}:{number}: unbalanced quotes, skipped: {DnsmasqLeases.Show(line)}");
                continue;
            }
            switch (words[0])
            {
                case "config":
                    Finish(host, leases, warnings, source);
                    host = words.Count >= 2 && words[1] == "host" ? new Host(number) : null;
                    break;
                case "option" or "list" when words.Count < 3:
                    warnings.Add($"{source}:{number}: \"{words[0]}\" needs a name and a value, skipped: {DnsmasqLeases.Show(line)}");
                    break;
                case "option" or "list" when host is not null:
                    switch (words[1])
                    {
                        case "name":
                            host.Name = words[2];
                            break;
                        case "ip":
                            host.IpLine = number;
                            host.Ip = words[2];
                            break;
                        case "mac":
                            host.Macs.AddRange(words[2].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(m => (m, number)));
                            break;
                    }
                    break;
                case "option" or "list" or "package":
                    break;
                default:
                    warnings.Add($"{source}:{number}: expected config, option or list, skipped: {DnsmasqLeases.Show(line)}");
                    break;
            }
        }
        Finish(host, leases, warnings, source);
        return LeaseParse.Of(leases, warnings);
    }

    private static void Finish(Host? host, Dictionary<IPAddress, Lease> leases, List<string> warnings, string source)
    {
        if (host is null || host.Ip is null)
        {
            return;
        }
        if (!IPAddress.TryParse(host.Ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            warnings.Add($"{source}:{host.IpLine}: \"{DnsmasqLeases.Show(host.Ip)}\" is not an IPv4 address; host {host.Name ?? "(unnamed)"} skipped");
            return;
        }
        foreach (var (text, line) in host.Macs)
        {
            if (RaspberryPiMac.Normalize(text) is { } mac)
            {
                leases[address] = new Lease(mac, address, host.Name ?? "");
                return;
            }
            warnings.Add($"{source}:{line}: \"{DnsmasqLeases.Show(text)}\" is not a MAC address, skipped");
        }
    }

    /// <summary>Splits a UCI line into words; single or double quotes group a word.</summary>
    private static bool TryWords(string line, out List<string> words)
    {
        words = [];
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }
            if (line[i] is '\'' or '"')
            {
                var close = line.IndexOf(line[i], i + 1);
                if (close < 0)
                {
                    return false;
                }
                words.Add(line[(i + 1)..close]);
                i = close + 1;
                continue;
            }
            var end = i;
            while (end < line.Length && !char.IsWhiteSpace(line[end]))
            {
                end++;
            }
            words.Add(line[i..end]);
            i = end;
        }
        return words.Count > 0;
    }

    private sealed class Host(int line)
    {
        public int Line { get; } = line;
        public string? Name { get; set; }
        public string? Ip { get; set; }
        public int IpLine { get; set; } = line;
        public List<(string Text, int Line)> Macs { get; } = [];
    }
}
