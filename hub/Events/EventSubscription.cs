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
    /// rest), the first id it can get; null when nothing was missed.
    /// </summary>
    public long? MissedBefore { get; private set; }

    public async IAsyncEnumerable<HubEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_since is { } since && since < _boundary)
        {
            if (_bus.Store.FirstId() is { } first && first > since + 1)
            {
                MissedBefore = first;
            }
            var after = since;
            while (after < _boundary)
            {
                var page = _bus.Store.Read(after, _boundary, Filter, EventStore.MaxPage);
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

    public void Dispose()
    {
        _bus.Unsubscribe(this);
        _live.Writer.TryComplete();
    }

    /// <summary>Called by the bus under its fan-out lock; false when this subscriber is full and has been ended.</summary>
    internal bool Offer(HubEvent e)
    {
        if (!Filter.Matches(e))
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

/// <summary>The subscriber fell too far behind; it can subscribe again with <c>since</c> = the last id it saw.</summary>
internal sealed class EventSubscriptionOverflowException(int capacity)
    : Exception($"the client fell more than {capacity} events behind; reconnect with since=<last id seen> to resume without loss");
