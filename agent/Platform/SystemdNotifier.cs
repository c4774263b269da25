using System.Net.Sockets;
using System.Text;

namespace PiController.Agent.Platform;

/// <summary>
/// sd_notify(3) without libsystemd: a datagram to $NOTIFY_SOCKET. Does nothing when not started by systemd
/// with Type=notify.
/// </summary>
internal sealed class SystemdNotifier(string? socketPath)
{
    public static SystemdNotifier FromEnvironment() => new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));

    public void Notify(string state)
    {
        if (string.IsNullOrEmpty(socketPath))
        {
            return;
        }
        // A leading '@' names a socket in the abstract namespace.
        var path = socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException)
        {
            // systemd is not listening; readiness is advisory.
        }
    }
}
