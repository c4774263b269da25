namespace PiController.Hub.Audit;

/// <summary>
/// Trims the audit log to <see cref="AuditLimits.Retention"/> and <see cref="AuditLimits.MaxRows"/>: once
/// at start, then every hour, on the injected clock.
/// </summary>
internal sealed partial class AuditRetentionService(AuditLog log, AuditLimits limits, TimeProvider time, ILogger<AuditRetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                if (log.Trim() is > 0 and var removed)
                {
                    Trimmed(logger, removed, limits.Retention, limits.MaxRows);
                }
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

    [LoggerMessage(311, LogLevel.Information, "Audit retention removed {Count} entries (kept: {Retention}, at most {MaxRows} rows)")]
    private static partial void Trimmed(ILogger logger, int count, TimeSpan retention, int maxRows);

    [LoggerMessage(312, LogLevel.Warning, "Audit retention could not delete old entries; it tries again in an hour")]
    private static partial void TrimFailed(ILogger logger, Exception exception);
}
