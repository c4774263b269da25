using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Makaretu.Dns;
using Microsoft.Extensions.Logging;

namespace PiController.Discovery;

/// <summary>A packet received on the mDNS port: the message, who sent it, and on which interface.</summary>
public sealed record MdnsDatagram(Message Message, IPEndPoint Source, MdnsInterface Interface);

/// <summary>
/// Our own small mDNS transport (Makaretu.Dns.Multicast cannot be used, see DESIGN.md): one UDP socket on
/// 0.0.0.0:5353 with SO_REUSEADDR, so it shares the port with avahi-daemon; 224.0.0.251 joined on every IPv4
/// interface; each packet sent out of one interface chosen with IP_MULTICAST_IF; TTL 255 (RFC 6762 §11).
/// </summary>
public sealed class MulticastTransport : IDisposable
{
    public const int Port = 5353;
    public static readonly IPAddress Group = IPAddress.Parse("224.0.0.251");
    public static readonly IPEndPoint GroupEndPoint = new(Group, Port);

    private static readonly TimeSpan InterfacePoll = TimeSpan.FromSeconds(5);
    private const int IpProtocolIp = 0;
    private const int IpMulticastIf = 32;
    private const int IpMulticastAll = 49;

    private readonly Socket _socket;
    private readonly Lock _sendGate = new();
    private readonly ILogger _logger;
    private readonly Func<string, bool>? _include;
    private readonly HashSet<int> _joined = [];
    private IReadOnlyList<MdnsInterface> _interfaces = [];

    private MulticastTransport(Socket socket, ILogger logger, Func<string, bool>? include)
    {
        _socket = socket;
        _logger = logger;
        _include = include;
    }

    /// <summary>Every valid message received. Handlers run on the receive loop and must be quick.</summary>
    public event Action<MdnsDatagram>? Received;

    /// <summary>Raised when interfaces or their addresses change (after the new ones are joined).</summary>
    public event Action? InterfacesChanged;

    public IReadOnlyList<MdnsInterface> Interfaces => Volatile.Read(ref _interfaces);

    /// <summary>Packets dropped because they were oversized, malformed or came from off the link.</summary>


    /// <summary>Binds the port and joins the group; throws <see cref="SocketException"/> when the port cannot be had.</summary>
    public static MulticastTransport Open(ILogger logger, Func<string, bool>? includeInterface = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 255);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            socket.Ttl = 255;
            // Linux delivers every group joined by any socket on the host to a wildcard-bound socket unless told not to.
            socket.SetRawSocketOption(IpProtocolIp, IpMulticastAll, BitConverter.GetBytes(0));
            socket.Bind(new IPEndPoint(IPAddress.Any, Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var transport = new MulticastTransport(socket, logger, includeInterface);
        transport.RefreshInterfaces();
        return transport;
    }

    /// <summary>Re-reads the interfaces, joins the group on new ones; true when anything changed.</summary>
    public bool RefreshInterfaces()
    {
        var current = MdnsInterface.Current(_include);
        var changed = !current.SequenceEqual(Interfaces);
        foreach (var nic in current)
        {
            if (_joined.Add(nic.Index))
            {
                try
                {
                    _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(Group, nic.Index));
                    _logger.LogDebug("mDNS: joined {Group} on {Interface} ({Address})", Group, nic.Name, nic.Address);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    // Still a member from before the interface went away and came back.
                }
                catch (SocketException e)
                {
                    _joined.Remove(nic.Index);
                    _logger.LogWarning("mDNS: cannot join {Group} on {Interface}: {Reason}", Group, nic.Name, e.Message);
                }
            }
        }
        foreach (var gone in _joined.Where(index => current.All(n => n.Index != index)).ToList())
        {
            _joined.Remove(gone);
            try
            {
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DropMembership, new MulticastOption(Group, gone));
            }
            catch (SocketException)
            {
                // The interface is gone, and its membership with it.
            }
        }
        Volatile.Write(ref _interfaces, current);
        return changed;
    }

    /// <summary>
    /// Sends out of one interface: to the group, or to <paramref name="unicast"/> (a QU or legacy answer). False
    /// when it could not be sent (why is logged: at debug level here, as an interface going away makes routine
    /// sends fail; a caller for whom one packet matters, a goodbye, says so louder).
    /// </summary>
    public bool Send(Message message, MdnsInterface nic, IPEndPoint? unicast = null)
    {
        var packet = MdnsPacket.Write(message);
        if (packet.Length > MdnsPacket.MaxSize)
        {
            _logger.LogWarning("mDNS: not sending a {Length}-byte packet (limit {Limit})", packet.Length, MdnsPacket.MaxSize);
            return false;
        }
        // struct ip_mreqn { in_addr imr_multiaddr; in_addr imr_address; int imr_ifindex; }: the interface by index.
        Span<byte> mreqn = stackalloc byte[12];
        mreqn.Clear();
        nic.Address.TryWriteBytes(mreqn[4..8], out _);
        BinaryPrimitives.WriteInt32LittleEndian(mreqn[8..], nic.Index);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteInt32BigEndian(mreqn[8..], nic.Index);
        }
        try
        {
            lock (_sendGate)
            {
                _socket.SetRawSocketOption(IpProtocolIp, IpMulticastIf, mreqn);
                _socket.SendTo(packet, SocketFlags.None, unicast ?? GroupEndPoint);
            }
            return true;
        }
        catch (SocketException e)
        {
            _logger.LogDebug("mDNS: send on {Interface} failed: {Reason}", nic.Name, e.Message);
            return false;
        }
        catch (ObjectDisposedException)
        {
            _logger.LogDebug("mDNS: send on {Interface} after the socket was closed", nic.Name);
            return false;
        }
    }

    /// <summary>
    /// Receives until cancelled, and re-reads the interfaces every few seconds. Cancelling stops receiving but
    /// leaves the socket open, so a responder stopped by the same cancellation can still send its goodbye
    /// (RFC 6762 §10.1); <see cref="Dispose"/>, after everyone is done with it, closes it.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var watch = WatchInterfacesAsync(cancellationToken);
        var buffer = new byte[MdnsPacket.MaxSize + 1];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SocketReceiveMessageFromResult result;
                try
                {
                    result = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (!cancellationToken.IsCancellationRequested && e.SocketErrorCode is SocketError.MessageSize or SocketError.ConnectionReset)
                {
                    continue;
                }
                Deliver(buffer.AsSpan(0, result.ReceivedBytes), result);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped; the socket stays open for goodbyes until Dispose.
        }
        await watch.ConfigureAwait(false);
    }

    private void Deliver(ReadOnlySpan<byte> packet, SocketReceiveMessageFromResult result)
    {
        var source = (IPEndPoint)result.RemoteEndPoint;
        var nic = Interfaces.FirstOrDefault(n => n.Index == result.PacketInformation.Interface);
        if ((result.SocketFlags & SocketFlags.Truncated) != 0 || packet.Length > MdnsPacket.MaxSize || nic is null || !nic.IsOnLink(source.Address))
        {
            return;
        }
        var message = MdnsPacket.TryRead(packet, out var error);
        if (message is null)
        {
            _logger.LogDebug("mDNS: dropped a packet from {Source} on {Interface}: {Reason}", source, nic.Name, error);
            return;
        }
        try
        {
            Received?.Invoke(new MdnsDatagram(message, source, nic));
        }
        catch (Exception e)
        {
            _logger.LogWarning("mDNS: a packet from {Source} could not be handled: {Reason}", source, e.Message);
        }
    }

    private async Task WatchInterfacesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(InterfacePoll);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (RefreshInterfaces())
                {
                    _logger.LogInformation("mDNS: interfaces now {Interfaces}", Interfaces.Count == 0 ? "(none)" : string.Join(", ", Interfaces.Select(n => $"{n.Name} {n.Address}")));
                    InterfacesChanged?.Invoke();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public void Dispose() => _socket.Dispose();
}
