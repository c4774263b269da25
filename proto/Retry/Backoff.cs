namespace PiController.Protocol.Retry;

/// <summary>
/// Exponential backoff, the one used wherever something is tried again: the ceiling before attempt n (from 0) is
/// min(cap, initial * 2^n). With a <paramref name="jitter"/> source the delay is "full jitter", uniform in
/// [0, ceiling]: after a hub restart, agents spread their reconnects over the window instead of arriving together.
/// Without one the delay is the ceiling itself (the reconciler's per-node retry, the CLI's event follower).
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan cap, Random? jitter = null)
{
    /// <summary>The agent's link: 0.5 s doubling to 30 s, full jitter.</summary>
    public static Backoff LinkReconnect() => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), Random.Shared);

    public TimeSpan Ceiling(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * factor));
    }

    /// <summary>The delay before attempt <paramref name="attempt"/> (from 0).</summary>
    public TimeSpan Next(int attempt) =>
        jitter is null ? Ceiling(attempt) : TimeSpan.FromMilliseconds(jitter.NextDouble() * Ceiling(attempt).TotalMilliseconds);
}
