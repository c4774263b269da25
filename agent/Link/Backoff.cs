namespace PiController.Agent.Link;

/// <summary>
/// Exponential backoff with full jitter: the delay before attempt n is uniform in [0, min(cap, base * 2^n)].
/// After a hub restart, agents spread their reconnects over the window instead of arriving together.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan cap, Random random)
{
    public static Backoff Default() => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), Random.Shared);

    public TimeSpan Ceiling(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        return TimeSpan.FromMilliseconds(Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * factor));
    }

    public TimeSpan Next(int attempt) => TimeSpan.FromMilliseconds(random.NextDouble() * Ceiling(attempt).TotalMilliseconds);
}
