namespace PiController.Hub.Kube.Manager;

/// <summary>How each cluster's controller runs.</summary>
/// <param name="Workers">Workers per cluster draining its work queue.</param>
/// <param name="Resync">Every part gets every key again this often (a change missed or an outside edit undone is caught up).</param>
/// <param name="ItemsPerSecond">The rate at which retried items are handed out once the burst is spent (fresh changes are not limited).</param>
/// <param name="Burst">Retried items handed out at once before the rate applies.</param>
/// <param name="FirstRetry">The first retry of a failed item or a failed preparation, doubling up to <paramref name="MaxRetry"/>.</param>
/// <param name="MaxRetry">The longest pause between retries.</param>
/// <param name="Refresh">How often the clusters table is read again (a cluster the provisioner made ready is managed within this).</param>
internal sealed record ClusterManagerOptions(int Workers, TimeSpan Resync, double ItemsPerSecond, int Burst, TimeSpan FirstRetry, TimeSpan MaxRetry, TimeSpan Refresh)
{
    public static ClusterManagerOptions Default { get; } =
        new(2, TimeSpan.FromMinutes(10), 10, 100, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));
}
