using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PiController.Hub.Tests.Kube.Upgrades;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of the Kubernetes API double, so a test can take the API away as a restarting
/// K3s server does: while <see cref="Down"/>, every connection open is cut and new ones are closed at once (the
/// client sees its connection reset); afterwards connections go through again.
/// </summary>
internal sealed class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, bool> _open = new();
    private readonly Task _accepting;
    private volatile bool _down;

    public LoopbackRelay(int target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool Down
    {
        get => _down;
        set
        {
            _down = value;
            if (value)
            {
                foreach (var client in _open.Keys)
                {
                    client.Dispose();
                }
            }
        }
    }

    /// <summary>Takes the API away for <paramref name="span"/>, then brings it back (without waiting).</summary>
    public void Outage(TimeSpan span)
    {
        Down = true;
        _ = Task.Delay(span, _stop.Token).ContinueWith(_ => Down = false, TaskScheduler.Default);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_down)
            {
                client.Dispose();
                continue;
            }
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using var server = new TcpClient();
        _open[client] = true;
        _open[server] = true;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var (inbound, outbound) = (client.GetStream(), server.GetStream());
            await Task.WhenAny(inbound.CopyToAsync(outbound, _stop.Token), outbound.CopyToAsync(inbound, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut by Down or by the end of the test: the client sees its connection end.
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(server, out _);
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        foreach (var client in _open.Keys)
        {
            client.Dispose();
        }
        _stop.Dispose();
    }
}
