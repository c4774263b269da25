using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Resources;

namespace PiController.Hub.Tests.Resources;

public sealed class ReconcileQueueTests
{
    [Fact]
    public async Task A_node_queued_twice_is_taken_once()
    {
        var queue = new ReconcileQueue(TimeProvider.System);
        queue.Enqueue("a");
        queue.Enqueue("a");
        queue.Enqueue("b");
        Assert.Equal("a", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal("b", await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(2, queue.Pending);
        queue.Done("a", true);
        queue.Done("b", true);
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public async Task A_node_queued_while_it_is_reconciled_comes_back_after_it_is_done_not_before()
    {
        var queue = new ReconcileQueue(TimeProvider.System);
        queue.Enqueue("a");
        var node = await queue.TakeAsync(CancellationToken.None);
        queue.Enqueue("a");
        using var early = new CancellationTokenSource();
        var second = queue.TakeAsync(early.Token).AsTask();
        Assert.False(second.IsCompleted);
        queue.Done(node, true);
        Assert.Equal("a", await second);
    }

    [Fact]
    public async Task A_failed_node_returns_after_its_backoff()
    {
        var time = new FakeTimeProvider();
        var queue = new ReconcileQueue(time);
        queue.Enqueue("a");
        queue.Done(await queue.TakeAsync(CancellationToken.None), false);
        var again = queue.TakeAsync(CancellationToken.None).AsTask();
        time.Advance(ReconcileQueue.FirstRetry - TimeSpan.FromMilliseconds(1));
        Assert.False(again.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("a", await again);
    }

    [Fact]
    public void Backoff_doubles_up_to_thirty_seconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), ReconcileQueue.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(1), ReconcileQueue.RetryDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(4), ReconcileQueue.RetryDelay(4));
        Assert.Equal(TimeSpan.FromSeconds(30), ReconcileQueue.RetryDelay(40));
    }
}
