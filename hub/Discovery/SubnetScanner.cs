using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PiController.Hub.Discovery;

/// <summary>
/// Finds hosts in a range that answer on the SSH port: one TCP connect per address (the handshake only, nothing is
/// sent), at most <see cref="DiscoveryOptions.ScanConcurrency"/> in flight and <see cref="DiscoveryOptions.ScanRate"/>
/// started per second, each given up after <see cref="DiscoveryOptions.ScanTimeout"/>.
/// </summary>
internal sealed class SubnetScanner(DiscoveryOptions options)
{
    public async Task<IReadOnlyList<IPAddress>> ScanAsync(CidrRange range, CancellationToken cancellationToken)
    {
        var hosts = range.Hosts().ToList();
        var open = new List<IPAddress>();
        using var slots = new SemaphoreSlim(Math.Max(1, options.ScanConcurrency));
        var spacing = TimeSpan.FromSeconds(1.0 / Math.Max(1, options.ScanRate));
        var clock = Stopwatch.StartNew();
        var probes = new List<Task>(hosts.Count);
        for (var i = 0; i < hosts.Count; i++)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var due = spacing * i - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }
            var address = hosts[i];
            probes.Add(Task.Run(async () =>
            {
                try
                {
                    if (await ProbeAsync(address, options.ScanPort, options.ScanTimeout, cancellationToken).ConfigureAwait(false))
                    {
                        lock (open)
                        {
                            open.Add(address);
                        }
                    }
                }
                finally
                {
                    slots.Release();
                }
            }, cancellationToken));
        }
        await Task.WhenAll(probes).ConfigureAwait(false);
        return [.. open.OrderBy(CidrRange.ToUInt32)];
    }

    /// <summary>True when the port completes a TCP handshake within the timeout.</summary>
    public static async Task<bool> ProbeAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
