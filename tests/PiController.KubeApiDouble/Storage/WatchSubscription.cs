using System.Threading.Channels;

namespace PiController.KubeApiDouble.Storage;

/// <summary>
/// An open watch on one resource: the store writes each change into it under its lock; one response loop reads.
/// Disposing it takes it off the resource's watchers.
/// </summary>
internal sealed class WatchSubscription(Action<WatchSubscription> unsubscribe) : IDisposable
{
    private readonly Channel<StoredEvent> changes = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StoredEvent> Changes => changes.Reader;

    public void Offer(StoredEvent change) => changes.Writer.TryWrite(change);

    public void Dispose()
    {
        changes.Writer.TryComplete();
        unsubscribe(this);
    }
}
