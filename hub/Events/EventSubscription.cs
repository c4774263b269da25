using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PiController.Hub.Events;

/// <summary>
/// One subscriber of <see cref="EventBus"/>. <see cref="ReadAllAsync"/> yields the stored events after
/// <c>since</c> up to the id the bus had reached when the subscription began, then the live events, which all
/// have greater ids: together, every matching event once, in id order. Dispose to unsubscribe.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    private readonly EventBus _bus;
    private readonly long? _since;
    private readonly long _boundary;
    private readonly Channel<HubEvent> _live;
    private Exception? _ended;
    private bool _gapChecked;
    private long? _missedBefore;

    internal EventSubscription(EventBus bus, EventFilter filter, long? since, long boundary, int capacity)
    {
        _bus = bus;
        Filter = filter;
        _since = since;
        _boundary = boundary;
        Capacity = capacity;
        LastDelivered = since ?? boundary;
        _live = Channel.CreateBounded<HubEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public EventFilter Filter { get; }

    public int Capacity { get; }

    /// <summary>The id of the last event this subscription yielded (or the starting point).</summary>
    public long LastDelivered { get; private set; }

    /// <summary>
    /// When the client asked to resume from an id older than the oldest one still stored (retention removed the
    /// rest), the first id it can get; null when nothing was missed. Known before the first event is read, so a
    /// stream can say so first.
    /// </summary>
    public long? MissedBefore
    {
        get
        {
            if (!_gapChecked)
            {
                _gapChecked = true;
                // Ids have no holes (AUTOINCREMENT, retention deletes a prefix), so a first id above since + 1 means
                // retention removed events this client has not seen; an empty table means it removed all of them.
                if (_since is { } since && since < _boundary && (_bus.Store.FirstId() ?? _boundary + 1) is var first && first > since + 1)
                {
                    _missedBefore = first;
                }
            }
            return _missedBefore;
        }
    }

    public async IAsyncEnumerable<HubEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_since is { } since && since < _boundary)
        {
            // After a gap, from the first id still stored (memory may hold what retention removed).
            var after = MissedBefore is { } first ? first - 1 : since;
            while (after < _boundary)
            {
                var page = _bus.ReadRecent(after, _boundary, Filter, EventStore.MaxPage) ?? _bus.Store.Read(after, _boundary, Filter, EventStore.MaxPage);
                foreach (var e in page.Events)
                {
                    LastDelivered = e.Id;
                    yield return e;
                }
                after = page.ScannedUpTo;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        await foreach (var e in _live.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            LastDelivered = e.Id;
            yield return e;
        }
        if (_ended is { } ended)
        {
            throw ended;
        }
    }

    /// <summary>
    /// Ends the subscription from outside the bus (the hub is stopping: streams must end before the server waits
    /// for its requests); the reader gets what is queued, then <paramref name="reason"/>.
    /// </summary>
    public void End(Exception reason)
    {
        _bus.Unsubscribe(this);
        Complete(reason);
    }

    public void Dispose()
    {
        _bus.Unsubscribe(this);
        _live.Writer.TryComplete();
    }

    /// <summary>Called by the bus under its fan-out lock; false when this subscriber is full and has been ended.</summary>
    internal bool Offer(HubEvent e)
    {
        // A client may resume from an id it got from a stored page before the bus fanned that event out.
        if (e.Id <= _since || !Filter.Matches(e))
        {
            return true;
        }
        if (_live.Writer.TryWrite(e))
        {
            return true;
        }
        Complete(new EventSubscriptionOverflowException(Capacity));
        return false;
    }

    internal void Complete(Exception? reason)
    {
        _ended ??= reason;
        _live.Writer.TryComplete();
    }
}
