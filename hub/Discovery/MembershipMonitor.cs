using PiController.Protocol.Text;

namespace PiController.Hub.Discovery;

/// <summary>
/// Node membership: a node whose agent is disconnected and that has not answered (agent link, mDNS, or a scan)
/// for <see cref="DiscoveryOptions.LostAfter"/> is marked lost; it is found again as soon as it answers.
/// </summary>
internal sealed class MembershipMonitor(DiscoveryOptions options, Nodes.NodeStore nodes, Events.NodeEvents events, ILogger<MembershipMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.LostAfter / 4;
        period = period < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : period > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : period;
        // Checked on the wall clock's cadence (a fake clock moved by a month must not run a month of checks); "now" is the hub's clock (NodeStore's).
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Check();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public void Check()
    {
        foreach (var nodeId in nodes.MarkLost(options.LostAfter))
        {
            DiscoveryLog.Lost(logger, nodeId, options.LostAfter);
            events.StatusChanged(nodeId, "lost", "disconnected", "lost", $"no answer (agent link, mDNS or scan) for {DurationWords.Format(options.LostAfter)}");
        }
        foreach (var nodeId in nodes.MarkFound())
        {
            DiscoveryLog.Found(logger, nodeId);
            events.StatusChanged(nodeId, "found", "lost", null, "the node answered again");
        }
    }
}
