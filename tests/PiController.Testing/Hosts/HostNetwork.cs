using PiController.Testing.Lab;

namespace PiController.Testing.Hosts;

/// <summary>
/// The wire between test hosts (TESTING.md): a bridge in a namespace of its own, and one namespace per host and one
/// for the hub, each with a veth "eth0" on the bridge. Addresses are 10.77.SUBNET.1 for the hub and 10.77.SUBNET.(10+i)
/// for host i, each with a fixed MAC (a re-created host must not meet a stale ARP entry). A host's default route is the
/// hub's address, which forwards nothing: no packet leaves the bridge.
/// </summary>
public sealed class HostNetwork : IDisposable
{
    private readonly List<string> _namespaces = [];

    private HostNetwork(string prefix, int subnet) => (Prefix, Subnet) = (prefix, subnet);

    public string Prefix { get; }

    public int Subnet { get; }

    public string Bridge => $"{Prefix}-br";

    public string HubNamespace => $"{Prefix}-hub";

    public string HubAddress => Address(1);

    public string Address(int lastByte) => $"10.77.{Subnet}.{lastByte}";

    public static string HostNamespace(string prefix, int host) => $"{prefix}-{host}";

    public static HostNetwork Create(string prefix, int subnet)
    {
        var network = new HostNetwork(prefix, subnet);
        try
        {
            network.Add(network.Bridge);
            NetworkLab.Ip("-n", network.Bridge, "link", "add", "br0", "type", "bridge");
            NetworkLab.Ip("-n", network.Bridge, "link", "set", "br0", "up");
            network.Attach(network.HubNamespace, "phub", 1);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }

    /// <summary>Creates host <paramref name="host"/>'s namespace on the bridge and returns its name.</summary>
    public string AddHost(int host)
    {
        var name = HostNamespace(Prefix, host);
        Attach(name, $"p{host}", 10 + host);
        // K3s needs a default route even air-gapped (the preflight refuses a node without one); the hub's namespace
        // is the gateway, and it forwards nowhere.
        NetworkLab.Ip("-n", name, "route", "add", "default", "via", HubAddress);
        return name;
    }

    public string HostAddress(int host) => Address(10 + host);

    /// <summary>Cuts (or restores) host <paramref name="host"/>'s link to the bridge, as a pulled cable would.</summary>
    public void SetLink(int host, bool up) => NetworkLab.Ip("-n", Bridge, "link", "set", $"p{host}", up ? "up" : "down");

    private void Attach(string name, string port, int lastByte)
    {
        Add(name);
        var mac = $"02:77:{Subnet:x2}:00:00:{lastByte:x2}";
        NetworkLab.Ip("link", "add", "eth0", "netns", name, "address", mac, "type", "veth", "peer", "name", port, "netns", Bridge);
        NetworkLab.Ip("-n", Bridge, "link", "set", port, "master", "br0");
        NetworkLab.Ip("-n", Bridge, "link", "set", port, "up");
        NetworkLab.Ip("-n", name, "addr", "add", Address(lastByte) + "/24", "dev", "eth0");
        NetworkLab.Ip("-n", name, "link", "set", "eth0", "up");
    }

    private void Add(string name)
    {
        NetworkLab.Ip("netns", "add", name);
        _namespaces.Add(name);
        NetworkLab.Ip("-n", name, "link", "set", "lo", "up");
    }

    /// <summary>The namespaces of this network that still exist (none after <see cref="Dispose"/>).</summary>
    public IReadOnlyList<string> Remaining() =>
        _namespaces.Where(n => File.Exists(Path.Join("/run/netns", n))).ToList();

    public void Dispose()
    {
        foreach (var name in Enumerable.Reverse(_namespaces))
        {
            try
            {
                NetworkLab.Ip("netns", "del", name);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
