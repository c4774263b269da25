using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PiController.Hub.Api;

namespace PiController.Hub.Discovery;

/// <summary>An IPv4 range to scan, given as CIDR; refused when malformed or larger than the configured limit.</summary>
internal sealed record CidrRange(IPAddress Network, int PrefixLength)
{
    public long AddressCount => 1L << (32 - PrefixLength);

    /// <summary>Parses "10.77.0.0/24" (host bits are cleared); throws <see cref="HubException"/> (invalid) with a message a person can act on.</summary>
    public static CidrRange Parse(string text, long maxAddresses)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || address.AddressFamily != AddressFamily.InterNetwork && address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new HubException(HubErrorKind.Invalid, $"\"{TextRules.Excerpt(text)}\" is not a CIDR range; give one such as 192.168.1.0/24");
        }
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new HubException(HubErrorKind.Invalid, $"\"{TextRules.Excerpt(text)}\" is an IPv6 range; only IPv4 ranges can be scanned");
        }
        if (prefix is < 0 or > 32 || text.AsSpan(0, slash).Count('.') != 3)
        {
            throw new HubException(HubErrorKind.Invalid, $"\"{TextRules.Excerpt(text)}\" is not a CIDR range; give one such as 192.168.1.0/24 (the prefix length is 0 to 32)");
        }
        var range = new CidrRange(new IPAddress(NetworkBytes(address, prefix)), prefix);
        if (range.AddressCount > maxAddresses)
        {
            throw new HubException(HubErrorKind.Invalid, string.Create(CultureInfo.InvariantCulture,
                $"{range} holds {range.AddressCount:N0} addresses, more than the limit of {maxAddresses:N0} (a /{32 - (int)Math.Floor(Math.Log2(maxAddresses))}); scan a smaller range or raise the limit with pi-controller serve --scan-max-addresses"));
        }
        return range;
    }

    /// <summary>The addresses worth probing: all but the network and broadcast addresses (a /31 or /32 has no such).</summary>
    public IEnumerable<IPAddress> Hosts()
    {
        var first = ToUInt32(Network);
        var count = (uint)AddressCount;
        var (start, end) = PrefixLength >= 31 ? (0u, count) : (1u, count - 1);
        for (var i = start; i < end; i++)
        {
            yield return FromUInt32(first + i);
        }
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (ToUInt32(address) & Mask) == ToUInt32(Network);

    public override string ToString() => $"{Network}/{PrefixLength}";

    private uint Mask => PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);

    private static byte[] NetworkBytes(IPAddress address, int prefix)
    {
        var value = ToUInt32(address) & (prefix == 0 ? 0u : uint.MaxValue << (32 - prefix));
        return FromUInt32(value).GetAddressBytes();
    }

    public static uint ToUInt32(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    public static IPAddress FromUInt32(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
