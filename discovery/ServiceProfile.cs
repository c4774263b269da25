using Makaretu.Dns;

namespace PiController.Discovery;

/// <summary>
/// One DNS-SD service that a responder announces (RFC 6763): instance, host, port and TXT. Names can change
/// when probing finds a conflict; the records are rebuilt per interface, with that interface's address.
/// </summary>
public sealed class ServiceProfile(string serviceType, string instance, string hostLabel, ushort port, IReadOnlyList<string> txt)
{
    private static readonly DomainName ServicesEnumeration = new("_services._dns-sd._udp.local");

    public string ServiceType { get; } = serviceType;

    public string Instance { get; set; } = MdnsSchema.InstanceLabel(instance);

    public string HostLabel { get; set; } = hostLabel;

    public ushort Port { get; } = port;

    public IReadOnlyList<string> Txt { get; set; } = txt;

    public DomainName ServiceName => new($"{ServiceType}.{MdnsSchema.Domain}");

    public DomainName InstanceName => new([Instance, .. ServiceType.Split('.'), MdnsSchema.Domain]);

    public DomainName HostName => new([HostLabel, MdnsSchema.Domain]);

    /// <summary>
    /// The records for one interface: shared PTRs (the service, and the service type for "_services._dns-sd._udp"
    /// enumeration) and unique SRV, TXT and A, which carry the cache-flush bit (RFC 6762 §10.2).
    /// </summary>
    public List<ResourceRecord> Records(MdnsInterface nic, bool goodbye = false)
    {
        var hostTtl = goodbye ? TimeSpan.Zero : MdnsSchema.HostRecordTtl;
        var otherTtl = goodbye ? TimeSpan.Zero : MdnsSchema.OtherRecordTtl;
        var txt = new TXTRecord { Name = InstanceName, Class = MdnsPacket.InternetClass(true), TTL = otherTtl };
        txt.Strings.AddRange(Txt.Count == 0 ? [""] : Txt);
        return
        [
            new PTRRecord { Name = ServiceName, DomainName = InstanceName, Class = MdnsPacket.InternetClass(false), TTL = otherTtl },
            new PTRRecord { Name = ServicesEnumeration, DomainName = ServiceName, Class = MdnsPacket.InternetClass(false), TTL = otherTtl },
            new SRVRecord { Name = InstanceName, Target = HostName, Port = Port, Priority = 0, Weight = 0, Class = MdnsPacket.InternetClass(true), TTL = hostTtl },
            txt,
            new ARecord { Name = HostName, Address = nic.Address, Class = MdnsPacket.InternetClass(true), TTL = hostTtl },
        ];
    }

    /// <summary>The records a probe proposes for a name (the authority section, RFC 6762 §8.2).</summary>
    public List<ResourceRecord> Claims(MdnsInterface nic, DomainName name) =>
        Records(nic).Where(r => r.Name == name && r.Type != DnsType.PTR).ToList();
}
