using PiController.Hub.State;

namespace PiController.Hub.Audit;

/// <summary>
/// Trims the audit log to <see cref="AuditLimits.Retention"/> and <see cref="AuditLimits.MaxRows"/>: once
/// at start, then every hour, on the injected clock.
/// </summary>
internal sealed partial class AuditRetentionService(AuditLog log, AuditLimits limits, TimeProvider time, ILogger<AuditRetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Housekeeping.RunAsync(Period, time, () =>
    {
        if (log.Trim() is > 0 and var removed)
        {
            Trimmed(logger, removed, limits.Retention, limits.MaxRows);
        }
    }, e => TrimFailed(logger, e), stoppingToken);

    [LoggerMessage(311, LogLevel.Information, "Audit retention removed {Count} entries (kept: {Retention}, at most {MaxRows} rows)")]
    private static partial void Trimmed(ILogger logger, int count, TimeSpan retention, int maxRows);

    [LoggerMessage(312, LogLevel.Warning, "Audit retention could not delete old entries; it tries again in an hour")]
    private static partial void TrimFailed(ILogger logger, Exception exception);
}
