namespace PiController.Hub.Discovery;

/// <summary>
/// Reads the DHCP lease files and the neighbour table every <see cref="DiscoveryOptions.PollInterval"/>. What looks
/// like a Raspberry Pi (its MAC prefix or hostname), or is a machine already discovered, is recorded. A lease file
/// that cannot be read, or a line that cannot be parsed, is reported (once, until it changes) and the rest goes on.
/// </summary>
internal sealed class DiscoveryPoller(DiscoveryOptions options, DiscoveryService discovery, DiscoveryStore store, ILogger<DiscoveryPoller> logger)
    : BackgroundService
{
    private readonly Dictionary<string, string> _lastWarnings = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence is the wall clock's, so a test that moves a fake clock by a month does not run a month of polls.
        using var timer = new PeriodicTimer(options.PollInterval);
        await Task.Yield();
        try
        {
            do
            {
                Poll();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public void Poll()
    {
        var known = store.List().Where(m => m.Mac is not null).Select(m => m.Mac!).ToHashSet();
        foreach (var file in options.LeaseFiles)
        {
            var parse = file.Read();
            var summary = string.Join("\n", parse.Warnings);
            if (_lastWarnings.GetValueOrDefault(file.Path) != summary)
            {
                _lastWarnings[file.Path] = summary;
                foreach (var warning in parse.Warnings)
                {
                    DiscoveryLog.LeaseWarning(logger, warning);
                }
            }
            foreach (var lease in parse.Leases)
            {
                if (RaspberryPiMac.IsRaspberryPi(lease.Mac) || LooksLikePi(lease.Hostname) || known.Contains(lease.Mac))
                {
                    discovery.Observe(new Observation(DiscoverySources.Lease, lease.Address, lease.Mac, lease.Hostname,
                        Detail: $"lease in {file.Path}"));
                }
            }
        }
        foreach (var neighbour in NeighbourTable.Read())
        {
            if (RaspberryPiMac.IsRaspberryPi(neighbour.Mac) || known.Contains(neighbour.Mac))
            {
                discovery.Observe(new Observation(DiscoverySources.Neighbour, neighbour.Address, neighbour.Mac,
                    Detail: $"neighbour on {neighbour.Device}"));
            }
        }
    }

    private static bool LooksLikePi(string hostname) => hostname.Contains("raspberrypi", StringComparison.OrdinalIgnoreCase);
}
