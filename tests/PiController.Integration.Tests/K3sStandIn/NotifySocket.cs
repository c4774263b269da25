using System.Net.Sockets;
using System.Text;

namespace PiController.Integration.Tests.K3sStandIn;

/// <summary>The test's side of sd_notify: a datagram socket the stand-in finds in $NOTIFY_SOCKET, as systemd's.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    public string Path { get; }

    /// <summary>The next datagram's text, or a timeout naming what was awaited.</summary>
    public async Task<string> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            return Encoding.ASCII.GetString(buffer, 0, length);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no sd_notify datagram on {Path} within {timeout}");
        }
    }

    public void Dispose() => _socket.Dispose();
}
