using System.Net;
using System.Net.Sockets;

namespace PiController.Testing;

/// <summary>Ports on 127.0.0.1 for programs under test.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on now (the kernel's choice, released at once).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
