using PiController.Hub.Hosting;

namespace PiController.Hub.Events;

/// <summary>
/// Deletes events older than <see cref="HubOptions.EventRetention"/>: once at start, then every hour, on the
/// injected clock. A client that resumes from an id that went this way is told so (a "stream.gap" message).
/// </summary>
internal sealed partial class EventRetentionService(EventStore store, HubOptions options, TimeProvider time, ILogger<EventRetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// <summary>Deletes what has aged out now; returns how many events went.</summary>
    public int Trim()
    {
        var cutoff = time.GetUtcNow() - options.EventRetention;
        var removed = store.DeleteBefore(cutoff);
        if (removed > 0)
        {
            Trimmed(logger, removed, cutoff);
        }
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                Trim();
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                TrimFailed(logger, e);
            }
        }
        while (await Tick(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(65, LogLevel.Information, "Event retention removed {Count} events recorded before {Cutoff:O}")]
    private static partial void Trimmed(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(66, LogLevel.Warning, "Event retention could not delete old events; it tries again in an hour")]
    private static partial void TrimFailed(ILogger logger, Exception exception);
}
