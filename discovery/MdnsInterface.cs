using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PiController.Discovery;

/// <summary>An IPv4 interface that mDNS runs on: its index, name, address and subnet.</summary>
public sealed record MdnsInterface(int Index, string Name, IPAddress Address, int PrefixLength)
{
    /// <summary>True when <paramref name="address"/> is on this interface's subnet (RFC 6762 §11, source address check).</summary>
    public bool IsOnLink(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        var mask = PrefixLength == 0 ? 0u : uint.MaxValue << (32 - PrefixLength);
        return (ToUInt32(address) & mask) == (ToUInt32(Address) & mask);
    }

    public static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    /// <summary>
    /// The interfaces that are up, can multicast and have an IPv4 address (not loopback: Linux's lo does not
    /// multicast). A hub and an agent on one machine still hear each other through multicast loopback.
    /// </summary>
    public static IReadOnlyList<MdnsInterface> Current(Func<string, bool>? include = null)
    {
        var found = new List<MdnsInterface>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown) || !nic.SupportsMulticast
                || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || include?.Invoke(nic.Name) == false)
            {
                continue;
            }
            var properties = nic.GetIPProperties();
            int index;
            try
            {
                index = properties.GetIPv4Properties().Index;
            }
            catch (NetworkInformationException)
            {
                continue;
            }
            foreach (var unicast in properties.UnicastAddresses)
            {
                if (unicast.Address.AddressFamily != AddressFamily.InterNetwork)
                {
                    continue;
                }
                found.Add(new MdnsInterface(index, nic.Name, unicast.Address, unicast.PrefixLength));
                break;
            }
        }
        return found;
    }
}
