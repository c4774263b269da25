using System.Threading.Channels;
using PiController.Protocol.Retry;

namespace PiController.Hub.Kube.Manager;

/// <summary>
/// A cluster's coalescing, rate-limited work queue, read like the hub's ReconcileQueue: an item queued twice runs
/// once; an item queued while it runs runs again afterwards, never on two workers at once; a failed item comes back
/// after its own exponential backoff (capped); and retried items are handed out no faster than the
/// <see cref="TokenBucket"/> allows, so a failing loop cannot flood the API server. As in client-go's controllers,
/// the bucket limits retries only: a fresh change (a watch event, a part's own key, a resync) is handed out at once,
/// so a thousand objects listed after a restart are not held to ten a second.
/// </summary>
internal sealed class WorkQueue(TimeProvider time, TokenBucket rate, Backoff retry)
{
    private readonly Channel<WorkItem> _ready = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Lock _gate = new();
    private readonly HashSet<WorkItem> _queued = [];
    private readonly HashSet<WorkItem> _active = [];
    private readonly HashSet<WorkItem> _dirty = [];
    private readonly Dictionary<WorkItem, int> _failures = [];
    private readonly List<ITimer> _timers = [];

    /// <summary>Items waiting or running.</summary>
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

    /// <summary>Items waiting for a retry after failing.</summary>
    public int Retrying
    {
        get
        {
            lock (_gate)
            {
                return _failures.Count;
            }
        }
    }

    public void Enqueue(WorkItem item)
    {
        lock (_gate)
        {
            if (_active.Contains(item))
            {
                _dirty.Add(item);
            }
            else if (_queued.Add(item))
            {
                _ready.Writer.TryWrite(item);
            }
        }
    }

    /// <summary>Waits for the next item (and, for a retry, for the rate limit) and marks it running until <see cref="Done"/>.</summary>
    public async ValueTask<WorkItem> TakeAsync(CancellationToken cancellationToken)
    {
        var item = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        bool retry;
        lock (_gate)
        {
            _queued.Remove(item);
            _active.Add(item);
            retry = _failures.ContainsKey(item);
        }
        if (!retry)
        {
            return item;
        }
        try
        {
            await rate.TakeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                _active.Remove(item);
            }
            throw;
        }
        return item;
    }

    /// <summary>Ends an item's turn; <paramref name="succeeded"/> false queues it again after its backoff (its failures counted until it succeeds).</summary>
    public void Done(WorkItem item, bool succeeded)
    {
        lock (_gate)
        {
            _active.Remove(item);
            if (succeeded)
            {
                _failures.Remove(item);
            }
            else
            {
                var failures = _failures[item] = _failures.GetValueOrDefault(item) + 1;
                ITimer? timer = null;
                timer = time.CreateTimer(_ =>
                {
                    lock (_gate)
                    {
                        _timers.Remove(timer!);
                    }
                    timer!.Dispose();
                    Enqueue(item);
                }, null, retry.Next(failures - 1), Timeout.InfiniteTimeSpan);
                _timers.Add(timer);
            }
            if (_dirty.Remove(item) && _queued.Add(item))
            {
                _ready.Writer.TryWrite(item);
            }
        }
    }

    /// <summary>Stops the pending retries; nothing is handed out afterwards.</summary>
    public void Close()
    {
        lock (_gate)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
            _timers.Clear();
        }
        _ready.Writer.TryComplete();
    }
}
