using PiController.Protocol.Text;

namespace PiController.Hub.Discovery;

/// <summary>
/// What a sighting says about a machine comes from anyone on the network (a DHCP client's hostname, an mDNS
/// announcement, a scan): before it is stored, each text is capped in length and its control and bidi characters
/// are made visible (<see cref="PrintableText"/>), so no list, log line or terminal shows it raw.
/// </summary>
internal static class DiscoveredText
{
    /// <summary>A DNS name is at most 253 characters (RFC 1035); a DHCP host name option at most 255 bytes.</summary>
    public const int MaxHostname = 253;

    public const int MaxModel = 128;

    public const int MaxDetail = 512;

    public static Observation Clean(Observation observation) => observation with
    {
        Hostname = observation.Hostname is null ? null : PrintableText.Truncate(observation.Hostname, MaxHostname),
        Model = observation.Model is null ? null : PrintableText.Truncate(observation.Model, MaxModel),
        Detail = PrintableText.Truncate(observation.Detail, MaxDetail),
    };
}
