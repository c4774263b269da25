using Microsoft.Data.Sqlite;

namespace PiController.Hub.State;

/// <summary>
/// Database housekeeping (retention, row caps) at start and then every period on the injected clock, until the hub
/// stops. A database or disk failure is handed to <c>failed</c> and tried again at the next tick, never fatal.
/// </summary>
internal static class Housekeeping
{
    public static async Task RunAsync(TimeSpan period, TimeProvider time, Action work, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                work();
            }
            catch (Exception e) when (e is SqliteException or IOException)
            {
                failed(e);
            }
        }
        while (await NextTickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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
}
