namespace PiController.Hub.Kube.Manager;

/// <summary>How each cluster's controller runs.</summary>
/// <param name="Workers">Workers per cluster draining its work queue.</param>
/// <param name="Resync">Every part gets every key again this often (a change missed or an outside edit undone is caught up).</param>
/// <param name="ItemsPerSecond">The work queue's overall rate once its burst is spent.</param>
/// <param name="Burst">Items handed out at once before the rate applies.</param>
/// <param name="FirstRetry">The first retry of a failed item or a failed preparation, doubling up to <paramref name="MaxRetry"/>.</param>
/// <param name="MaxRetry">The longest pause between retries.</param>
internal sealed record ClusterManagerOptions(int Workers, TimeSpan Resync, double ItemsPerSecond, int Burst, TimeSpan FirstRetry, TimeSpan MaxRetry)
{
    public static ClusterManagerOptions Default { get; } = new(2, TimeSpan.FromMinutes(10), 10, 100, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));
}
