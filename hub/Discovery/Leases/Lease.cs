using System.Net;

namespace PiController.Hub.Discovery.Leases;

/// <summary>One current IPv4 lease: which MAC has which address, and the hostname the client sent (may be empty).</summary>
internal sealed record Lease(string Mac, IPAddress Address, string Hostname);

/// <summary>The leases of one file, and a warning for each line that could not be used (the line is named).</summary>
internal sealed record LeaseParse(IReadOnlyList<Lease> Leases, IReadOnlyList<string> Warnings)
{
    public static LeaseParse Of(Dictionary<IPAddress, Lease> byAddress, List<string> warnings) =>
        new([.. byAddress.Values.OrderBy(l => CidrRange.ToUInt32(l.Address))], warnings);
}
