namespace PiController.Hub.Security;

/// <summary>How many failed authentications or enrollments an address may have in a window before it is refused.</summary>
internal sealed class FailureRateLimitOptions
{
    /// <summary>Failures allowed per window; the next attempt is refused until the window ends.</summary>
    public int MaxFailures { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Addresses tracked at most; beyond it, the windows that ended are dropped, then the oldest.</summary>
    public int MaxTrackedAddresses { get; set; } = 10_000;
}
