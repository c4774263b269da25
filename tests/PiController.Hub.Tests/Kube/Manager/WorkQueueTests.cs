using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Kube.Informers;
using PiController.Hub.Kube.Manager;
using PiController.Protocol.Retry;

namespace PiController.Hub.Tests.Kube.Manager;

public sealed class WorkQueueTests
{
    private static readonly WorkItem A = new("labels", KubeKind.Nodes, "pi-1");
    private static readonly WorkItem B = new("labels", KubeKind.Nodes, "pi-2");

    [Fact]
    public async Task The_same_item_queued_twice_runs_once()
    {
        var queue = Queue(TimeProvider.System);
        queue.Enqueue(A);
        queue.Enqueue(new WorkItem("labels", KubeKind.Nodes, "pi-1"));
        queue.Enqueue(B);
        Assert.Equal(A, await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(B, await queue.TakeAsync(CancellationToken.None));
        using var none = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.TakeAsync(none.Token).AsTask());
    }

    [Fact]
    public async Task An_item_queued_while_it_runs_runs_again_after_it_is_done_never_at_the_same_time()
    {
        var queue = Queue(TimeProvider.System);
        queue.Enqueue(A);
        var running = await queue.TakeAsync(CancellationToken.None);
        queue.Enqueue(A);
        var second = queue.TakeAsync(CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        queue.Done(running, succeeded: true);
        Assert.Equal(A, await second);
    }

    [Fact]
    public async Task A_failed_item_comes_back_after_its_own_backoff_which_doubles()
    {
        var time = new FakeTimeProvider();
        var queue = Queue(time);
        queue.Enqueue(A);
        queue.Done(await queue.TakeAsync(CancellationToken.None), succeeded: false);
        var retry = queue.TakeAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(retry.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(A, await retry);
        Assert.Equal(1, queue.Retrying);

        queue.Done(A, succeeded: false);
        var again = queue.TakeAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(again.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Done(await again, succeeded: true);
        Assert.Equal(0, queue.Retrying);
    }

    [Fact]
    public async Task Fresh_items_go_at_once_and_retries_beyond_the_burst_wait_for_the_rate()
    {
        var time = new FakeTimeProvider();
        var queue = new WorkQueue(time, new TokenBucket(perSecond: 2, burst: 1, time), new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)));
        queue.Enqueue(A);
        queue.Enqueue(B);
        Assert.Equal(A, await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(B, await queue.TakeAsync(CancellationToken.None));
        queue.Done(A, succeeded: false);
        queue.Done(B, succeeded: false);
        time.Advance(TimeSpan.FromSeconds(1));
        var first = await queue.TakeAsync(CancellationToken.None);
        var next = queue.TakeAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(new HashSet<WorkItem> { A, B }, new HashSet<WorkItem> { first, await next });
    }

    private static WorkQueue Queue(TimeProvider time) =>
        new(time, new TokenBucket(perSecond: 1000, burst: 1000, time), new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)));
}
