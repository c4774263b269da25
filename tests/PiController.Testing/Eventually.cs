namespace PiController.Testing;

/// <summary>Bounded waiting for something another process or thread makes true.</summary>
public static class Eventually
{
    /// <summary>
    /// Probes until <paramref name="done"/> holds for the probe's value and returns that value; after
    /// <paramref name="timeout"/>, fails with <paramref name="describe"/> of the last value seen (default if none).
    /// </summary>
    public static async Task<T> ReachesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout,
        Func<T?, string> describe, TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + timeout;
        T? last = default;
        while (DateTime.UtcNow < until)
        {
            last = await probe().ConfigureAwait(false);
            if (done(last))
            {
                return last;
            }
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }
        throw new TimeoutException(describe(last));
    }

    /// <summary>Probes until it returns true; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        ReachesAsync(probe, value => value, timeout, _ => $"{what} did not happen within {timeout}");
}
