using System.CommandLine;
using System.Globalization;
using PiController.Hub.Discovery.Leases;
using PiController.Hub.Discovery;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>The flags of <c>pi-controller serve</c> that set discovery and membership.</summary>
internal static class DiscoveryServeOptions
{
    private static readonly Option<string> Mdns = new("--mdns") { Description = "announce the hub and find agents over mDNS: on or off", DefaultValueFactory = _ => "on" };
    private static readonly Option<string> LostAfter = new("--lost-after") { Description = "a disconnected node that stays silent this long is lost (90s, 5m, 1h)", DefaultValueFactory = _ => "5m" };
    private static readonly Option<string> ForgetAfter = new("--forget-machines-after")
    {
        Description = "a discovered machine not seen this long is forgotten (1h, 7d, 2w; at least --lost-after; default 7d)",
        DefaultValueFactory = _ => "7d",
    };
    private static readonly Option<string[]> Leases = new("--dhcp-leases")
    {
        Description = "a DHCP lease file to read for Pis (repeatable; format told from the content, or named: dnsmasq:, isc-dhcpd:, kea:, openwrt:PATH)",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<long> ScanMax = new("--scan-max-addresses") { Description = "the largest range a scan may cover", DefaultValueFactory = _ => 1024 };
    private static readonly Option<int> ScanConcurrency = new("--scan-concurrency") { Description = "scan probes in flight at once", DefaultValueFactory = _ => 128 };

    public static void AddTo(Command serve)
    {
        serve.Options.Add(Mdns);
        serve.Options.Add(LostAfter);
        serve.Options.Add(ForgetAfter);
        serve.Options.Add(Leases);
        serve.Options.Add(ScanMax);
        serve.Options.Add(ScanConcurrency);
    }

    public static DiscoveryOptions Read(ParseResult parse)
    {
        var mdns = parse.GetValue(Mdns);
        if (mdns is not ("on" or "off"))
        {
            throw new CliException($"--mdns must be on or off, got \"{mdns}\"");
        }
        var lostAfter = ParseDuration(parse.GetValue(LostAfter) ?? "5m", "--lost-after");
        var forgetAfter = DurationText.Parse(parse.GetValue(ForgetAfter) ?? "7d", "--forget-machines-after");
        if (forgetAfter < lostAfter || forgetAfter < TimeSpan.FromMinutes(1))
        {
            throw new CliException($"--forget-machines-after must be at least 1m and at least --lost-after ({DurationWords.Format(lostAfter)}), got \"{parse.GetValue(ForgetAfter)}\"");
        }
        var max = parse.GetValue(ScanMax);
        if (max is < 1 or > 1L << 24)
        {
            throw new CliException($"--scan-max-addresses must be between 1 and 16777216 (a /8), got {max}");
        }
        var concurrency = parse.GetValue(ScanConcurrency);
        if (concurrency is < 1 or > 1024)
        {
            throw new CliException($"--scan-concurrency must be between 1 and 1024, got {concurrency}");
        }
        return new DiscoveryOptions
        {
            Mdns = mdns == "on",
            LostAfter = lostAfter,
            ForgetAfter = forgetAfter,
            LeaseFiles = (parse.GetValue(Leases) ?? []).Select(LeaseFile.Parse).ToList(),
            ScanMaxAddresses = max,
            ScanConcurrency = concurrency,
        };
    }

    /// <summary>"90s", "5m", "1h", "500ms" or plain seconds; between one second and 30 days.</summary>
    public static TimeSpan ParseDuration(string text, string flag)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : text.EndsWith('d') ? (text[..^1], 86400.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value * unit is < 1 or > 30 * 86400)
        {
            throw new CliException($"{flag} must be a duration between 1s and 30d such as 90s, 5m or 1h, got \"{text}\"");
        }
        return TimeSpan.FromSeconds(value * unit);
    }
}
