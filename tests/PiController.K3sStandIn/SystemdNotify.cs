using System.Net.Sockets;
using System.Text;

namespace PiController.K3sStandIn;

/// <summary>
/// sd_notify(3) written out: one datagram to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or an abstract
/// name written with a leading "@"). K3s runs under Type=notify and sends READY=1 once it serves; systemd holds
/// `systemctl start` (and the unit's "activating" state) until then. Without $NOTIFY_SOCKET this does nothing, as
/// sd_notify does.
/// </summary>
internal static class SystemdNotify
{
    public static void Send(string state)
    {
        if (Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is not { Length: > 0 } address)
        {
            return;
        }
        var endpoint = new UnixDomainSocketEndPoint(address.StartsWith('@') ? "\0" + address[1..] : address);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(Encoding.ASCII.GetBytes(state), endpoint);
    }
}
