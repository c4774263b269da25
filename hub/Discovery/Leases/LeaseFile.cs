namespace PiController.Hub.Discovery.Leases;

/// <summary>The lease file formats Pi-Controller reads.</summary>
internal enum LeaseFormat
{
    Dnsmasq,
    IscDhcpd,
    Kea,
    OpenWrt,
}

/// <summary>
/// A DHCP lease file to read: its path and format. The format is named ("kea:/var/lib/kea/kea-leases4.csv") or
/// told from the content: a Kea CSV header, UCI "config" sections (OpenWrt), dhcpd's "lease ... {" blocks, else
/// dnsmasq's one lease per line.
/// </summary>
internal sealed record LeaseFile(string Path, LeaseFormat? Format)
{
    public static LeaseFile Parse(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Enum.TryParse<LeaseFormat>(spec[..colon].Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var format)
            && !int.TryParse(spec[..colon], out _))
        {
            return new LeaseFile(spec[(colon + 1)..], format);
        }
        return new LeaseFile(spec, null);
    }

    public static LeaseFormat Detect(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(200).ToList();
        if (lines.Count > 0 && lines[0].StartsWith("address,", StringComparison.Ordinal))
        {
            return LeaseFormat.Kea;
        }
        if (lines.Any(l => l.StartsWith("config ", StringComparison.Ordinal)))
        {
            return LeaseFormat.OpenWrt;
        }
        if (lines.Any(l => l.StartsWith("lease ", StringComparison.Ordinal) && l.EndsWith('{')
                           || l.StartsWith("authoring-byte-order", StringComparison.Ordinal) || l.StartsWith("server-duid", StringComparison.Ordinal)))
        {
            return LeaseFormat.IscDhcpd;
        }
        return LeaseFormat.Dnsmasq;
    }

    /// <summary>Reads and parses the file; an unreadable file is one warning, never an exception.</summary>
    public LeaseParse Read()
    {
        string text;
        try
        {
            var info = new FileInfo(Path);
            if (info.Exists && info.Length > 64 * 1024 * 1024)
            {
                return new LeaseParse([], [$"{Path}: {info.Length:N0} bytes is too large for a lease file (limit 64 MiB); not read"]);
            }
            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return new LeaseParse([], [$"{Path}: cannot read the lease file: {e.Message}"]);
        }
        return (Format ?? Detect(text)) switch
        {
            LeaseFormat.Kea => KeaLeases.Parse(text, Path),
            LeaseFormat.IscDhcpd => IscDhcpdLeases.Parse(text, Path),
            LeaseFormat.OpenWrt => OpenWrtLeases.Parse(text, Path),
            _ => DnsmasqLeases.Parse(text, Path),
        };
    }

    public override string ToString() => Format is { } f ? $"{f.ToString().ToLowerInvariant()}:{Path}" : Path;
}
