using System.Threading.Channels;
using PiController.Protocol.Retry;

namespace PiController.Hub.Resources;

/// <summary>
/// A coalescing work queue of node ids, after client-go's and YARP's Kubernetes.Controller WorkQueue: a node
/// queued twice is reconciled once; a node queued while it is being reconciled is reconciled again afterwards,
/// never by two workers at once; a failed node comes back after an exponential backoff (per node, capped).
/// </summary>
internal sealed class ReconcileQueue(TimeProvider time)
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);
    private static readonly Backoff Retry = new(FirstRetry, MaxRetry);

    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Lock _gate = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>Nodes waiting or being reconciled.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count + _active.Count;
            }
        }
    }

    public void Enqueue(string nodeId)
    {
        lock (_gate)
        {
            if (_active.Contains(nodeId))
            {
                _dirty.Add(nodeId);
            }
            else if (_queued.Add(nodeId))
            {
                _ready.Writer.TryWrite(nodeId);
            }
        }
    }

    /// <summary>Waits for the next node and marks it active until <see cref="Done"/>.</summary>
    public async ValueTask<string> TakeAsync(CancellationToken cancellationToken)
    {
        var nodeId = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _queued.Remove(nodeId);
            _active.Add(nodeId);
        }
        return nodeId;
    }

    /// <summary>Ends a node's turn; <paramref name="succeeded"/> false schedules a retry after the node's backoff.</summary>
    public void Done(string nodeId, bool succeeded)
    {
        TimeSpan? retry = null;
        lock (_gate)
        {
            _active.Remove(nodeId);
            if (succeeded)
            {
                _failures.Remove(nodeId);
            }
            else
            {
                var failures = _failures[nodeId] = _failures.GetValueOrDefault(nodeId) + 1;
                retry = RetryDelay(failures);
            }
            if (_dirty.Remove(nodeId) && _queued.Add(nodeId))
            {
                _ready.Writer.TryWrite(nodeId);
            }
        }
        if (retry is { } delay)
        {
            ITimer? timer = null;
            timer = time.CreateTimer(_ =>
            {
                Enqueue(nodeId);
                timer?.Dispose();
            }, null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>500 ms, 1 s, 2 s, ... up to 30 s.</summary>
    public static TimeSpan RetryDelay(int failures) => Retry.Next(failures - 1);
}
