namespace PiController.Hub.Kube.Manager;

/// <summary>
/// The work queue's rate limit on retries, as client-go's bucket limiter: up to <c>burst</c> items at once, then
/// <c>perSecond</c> items a second. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TokenBucket(double perSecond, int burst, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    public async ValueTask TakeAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_last, now).TotalSeconds * perSecond);
            _last = now;
            _tokens -= 1;
            // A negative balance is the wait of this caller: later callers queue behind it.
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / perSecond);
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
