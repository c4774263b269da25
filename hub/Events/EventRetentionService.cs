using PiController.Hub.State;

namespace PiController.Hub.Events;

/// <summary>
/// Deletes events older than <see cref="EventLimits.Retention"/> (once at start, then every hour) and the oldest
/// beyond <see cref="EventLimits.MaxRows"/> (at start, then every minute: a flood fills the table faster than
/// an hour), on the injected clock. A client that resumes from an id that went this way is told so (a
/// "stream.gap" message).
/// </summary>
internal sealed partial class EventRetentionService(EventStore store, EventLimits limits, TimeProvider time, ILogger<EventRetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);
    public static readonly TimeSpan CapPeriod = TimeSpan.FromMinutes(1);

    private DateTimeOffset _lastAgeTrim = DateTimeOffset.MinValue;

    /// <summary>Deletes what has aged out now; returns how many events went.</summary>
    public int Trim()
    {
        var cutoff = time.GetUtcNow() - limits.Retention;
        var removed = store.DeleteBefore(cutoff);
        if (removed > 0)
        {
            Trimmed(logger, removed, cutoff);
        }
        return removed;
    }

    /// <summary>Deletes the oldest events beyond the row cap now; returns how many went.</summary>
    public int TrimToCap()
    {
        var removed = store.DeleteOverCap(limits.MaxRows);
        if (removed > 0)
        {
            Capped(logger, removed, limits.MaxRows);
        }
        return removed;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Housekeeping.RunAsync(CapPeriod, time, () =>
    {
        if (time.GetUtcNow() - _lastAgeTrim >= Period)
        {
            _lastAgeTrim = time.GetUtcNow();
            Trim();
        }
        TrimToCap();
    }, e => TrimFailed(logger, e), stoppingToken);

    [LoggerMessage(65, LogLevel.Information, "Event retention removed {Count} events recorded before {Cutoff:O}")]
    private static partial void Trimmed(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(67, LogLevel.Warning, "The events table held more than {MaxRows} rows (serve --event-max-rows): the oldest {Count} were deleted")]
    private static partial void Capped(ILogger logger, int count, long maxRows);

    [LoggerMessage(66, LogLevel.Warning, "Event retention could not delete old events; it tries again in a minute")]
    private static partial void TrimFailed(ILogger logger, Exception exception);
}
