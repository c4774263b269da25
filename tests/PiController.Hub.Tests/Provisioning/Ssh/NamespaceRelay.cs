using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace PiController.Hub.Tests.Provisioning.Ssh;

/// <summary>
/// A TCP relay from a loopback port of the test into a network namespace the test made (a host lab's hub
/// namespace), so the in-process SSH transport reaches a test host as a hub in that namespace would. Each outgoing
/// connection is made on a thread of its own that first enters the namespace (setns affects only the calling
/// thread; the socket keeps the namespace it was made in). No process is started.
/// </summary>
internal sealed class NamespaceRelay : IAsyncDisposable
{
    private const int NewNetworkNamespace = 0x40000000;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;

    private NamespaceRelay(string networkNamespace, string address, int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync(networkNamespace, address, port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static NamespaceRelay Start(string networkNamespace, string address, int port) => new(networkNamespace, address, port);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            _sockets.ForEach(s => s.Dispose());
        }
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync(string networkNamespace, string address, int port)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var remote = Connect(networkNamespace, address, port);
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(remote);
            }
            _ = PumpAsync(client, remote);
            _ = PumpAsync(remote, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The other side went away: so does this one.
        }
    }

    private static Socket Connect(string networkNamespace, string address, int port)
    {
        Socket? connected = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{networkNamespace}");
                if (SetNamespace((int)handle.DangerousGetHandle(), NewNetworkNamespace) != 0)
                {
                    throw new InvalidOperationException($"setns {networkNamespace}: errno {Marshal.GetLastPInvokeError()}");
                }
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(IPAddress.Parse(address), port);
                connected = socket;
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return connected ?? throw new InvalidOperationException($"cannot connect to {address}:{port} in {networkNamespace}", failure);
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int type);
}
