using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace PiController.Hub.Events;

/// <summary>
/// The hub's event bus, in process and bounded. Publishers write into one bounded queue; a single writer stores
/// each batch in SQLite (one transaction), then hands the stored events, in id order, to every subscriber whose
/// filter matches. Each subscriber has its own bounded queue: a subscriber that falls behind is ended with
/// <see cref="EventSubscriptionOverflowException"/> instead of slowing the hub, and resumes from the last id it
/// saw, which the store still has. So a client that resumes with <c>since</c> sees no gap and no duplicate.
/// </summary>
internal sealed partial class EventBus(EventStore store, TimeProvider time, ILogger<EventBus> logger) : IHostedService, IAsyncDisposable
{
    public const int QueueCapacity = 16_384;
    public const int SubscriberCapacity = 8_192;
    /// <summary>How many of the newest events stay in memory for subscribers that resume (about 8 MB).</summary>
    public const int RecentCapacity = 16_384;
    private const int MaxBatch = 512;

    private readonly Channel<PendingEvent> _queue = Channel.CreateBounded<PendingEvent>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _fanOut = new();
    private readonly List<EventSubscription> _subscribers = [];
    // The newest events by id modulo the capacity: a client that fell behind and resumes, or reconnects after a
    // short break, is served the same objects (and serialized messages) as everyone else, without SQLite.
    private readonly HubEvent?[] _recent = new HubEvent?[RecentCapacity];
    private long _lastId = -1;
    private bool _stopped;
    private Task? _writer;

    /// <summary>The id of the newest event handed to subscribers (stored before that).</summary>
    public long LastId
    {
        get
        {
            lock (_fanOut)
            {
                return EnsureLastId();
            }
        }
    }

    public int SubscriberCount
    {
        get
        {
            lock (_fanOut)
            {
                return _subscribers.Count;
            }
        }
    }

    public EventStore Store => store;

    /// <summary>
    /// Queues an event; waits only when the queue is full (the store is far behind). Once the bus has stopped
    /// (the hub is shutting down) the event is dropped with a log line, not thrown at the publisher.
    /// </summary>
    public ValueTask PublishAsync<T>(string type, string? nodeId, T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        var pending = Pending(type, nodeId, payload, typeInfo);
        return _queue.Writer.TryWrite(pending) ? ValueTask.CompletedTask : WaitToPublishAsync(pending, cancellationToken);
    }

    /// <summary>
    /// Queues an event from synchronous code. When the queue is full the caller blocks until the writer has made
    /// room: back-pressure, not loss.
    /// </summary>
    public void Publish<T>(string type, string? nodeId, T payload, JsonTypeInfo<T> typeInfo)
    {
        var pending = Pending(type, nodeId, payload, typeInfo);
        if (!_queue.Writer.TryWrite(pending))
        {
            WaitToPublishAsync(pending, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
    }

    private async ValueTask WaitToPublishAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            PublishedAfterStop(logger, pending.Type, pending.NodeId);
        }
    }

    /// <summary>
    /// Subscribes to events that pass <paramref name="filter"/>. With <paramref name="since"/>, the stored events
    /// with a greater id come first, then live ones, each exactly once; without it, only events published from now.
    /// </summary>
    public EventSubscription Subscribe(long? since, EventFilter filter, int capacity = SubscriberCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(since ?? 0, nameof(since));
        lock (_fanOut)
        {
            var subscription = new EventSubscription(this, filter, since, EnsureLastId(), capacity);
            if (_stopped)
            {
                subscription.Complete(new EventBusStoppedException());
            }
            else
            {
                _subscribers.Add(subscription);
            }
            return subscription;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The boundary between stored and live events must be read before the writer stores anything: read later,
        // it could include a batch that is stored but not yet fanned out, which a new subscriber would then get twice.
        lock (_fanOut)
        {
            EnsureLastId();
        }
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stores what is still queued, then ends every subscription.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        lock (_fanOut)
        {
            _stopped = true;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Complete(new EventBusStoppedException());
            }
            _subscribers.Clear();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// Events with <paramref name="afterId"/> &lt; id &lt;= <paramref name="upToId"/> (at most the bus's
    /// <see cref="LastId"/>) from memory, like <see cref="EventStore.Read"/>; null when the first of them is no
    /// longer in memory. Ids have no holes, so when the first is still there, all after it are.
    /// </summary>
    internal EventPage? ReadRecent(long afterId, long upToId, EventFilter filter, int limit)
    {
        lock (_fanOut)
        {
            var first = afterId + 1;
            if (first > upToId)
            {
                return new EventPage([], upToId);
            }
            if (upToId > _lastId || _recent[first % RecentCapacity] is not { } oldest || oldest.Id != first)
            {
                return null;
            }
            var events = new List<HubEvent>();
            for (var id = first; id <= upToId && events.Count < limit; id++)
            {
                var e = _recent[id % RecentCapacity]!;
                if (filter.Matches(e))
                {
                    events.Add(e);
                }
            }
            return new EventPage(events, events.Count < limit ? upToId : events[^1].Id);
        }
    }

    internal void Unsubscribe(EventSubscription subscription)
    {
        lock (_fanOut)
        {
            _subscribers.Remove(subscription);
        }
    }

    private PendingEvent Pending<T>(string type, string? nodeId, T payload, JsonTypeInfo<T> typeInfo) =>
        new(type, nodeId, time.GetUtcNow(), EventJson.ToElement(payload, typeInfo));

    private long EnsureLastId()
    {
        if (_lastId < 0)
        {
            _lastId = store.LastId();
        }
        return _lastId;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingEvent>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            IReadOnlyList<HubEvent> stored;
            try
            {
                stored = store.Append(batch);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
            {
                StoreFailed(logger, batch.Count, e);
                continue;
            }
            lock (_fanOut)
            {
                EnsureLastId();
                foreach (var e in stored)
                {
                    _lastId = e.Id;
                    _recent[e.Id % RecentCapacity] = e;
                    for (var i = _subscribers.Count - 1; i >= 0; i--)
                    {
                        var subscriber = _subscribers[i];
                        if (!subscriber.Offer(e))
                        {
                            _subscribers.RemoveAt(i);
                            SubscriberOverflowed(logger, subscriber.Capacity, subscriber.LastDelivered);
                        }
                    }
                }
            }
        }
    }

    [LoggerMessage(60, LogLevel.Error, "Could not store {Count} events; they are lost")]
    private static partial void StoreFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(62, LogLevel.Debug, "The event bus has stopped; {Type} about node {NodeId} was not recorded")]
    private static partial void PublishedAfterStop(ILogger logger, string type, string? nodeId);

    [LoggerMessage(61, LogLevel.Warning, "An event subscriber fell {Capacity} events behind and was ended; it can resume after event {LastId}")]
    private static partial void SubscriberOverflowed(ILogger logger, int capacity, long lastId);
}
