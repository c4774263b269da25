using PiController.Hub.Discovery.Leases;

namespace PiController.Hub.Discovery;

/// <summary>
/// Reads the DHCP lease files and the neighbour table every <see cref="DiscoveryOptions.PollInterval"/>. What looks
/// like a Raspberry Pi (its MAC prefix or hostname), or is a machine already discovered, is recorded. A lease file
/// that cannot be read, or lines that cannot be parsed, are reported in one line per file (how many, and the first),
/// once until that changes, and the rest goes on. Machines not seen for <see cref="DiscoveryOptions.ForgetAfter"/>
/// are forgotten at each poll.
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
            ReportWarnings(file, parse.Warnings);
            foreach (var lease in parse.Leases)
            {
                if (RaspberryPiMac.IsRaspberryPi(lease.Mac) || LooksLikePi(lease.Hostname) || known.Contains(lease.Mac))
                {
                    discovery.Observe(new Observation(DiscoverySources.Lease, lease.Address, lease.Mac, lease.Hostname,
                        Detail: $"lease in {file.Path}"));
                }
            }
        }
        discovery.ForgetStale();
        foreach (var neighbour in NeighbourTable.Read())
        {
            if (RaspberryPiMac.IsRaspberryPi(neighbour.Mac) || known.Contains(neighbour.Mac))
            {
                discovery.Observe(new Observation(DiscoverySources.Neighbour, neighbour.Address, neighbour.Mac,
                    Detail: $"neighbour on {neighbour.Device}"));
            }
        }
    }

    /// <summary>One log line per file and read, and only when what is wrong with the file changed since the last read.</summary>
    private void ReportWarnings(LeaseFile file, IReadOnlyList<string> warnings)
    {
        var summary = warnings.Count == 0 ? "" : $"{warnings.Count}|{warnings[0]}";
        if (_lastWarnings.GetValueOrDefault(file.Path) == summary)
        {
            return;
        }
        _lastWarnings[file.Path] = summary;
        if (warnings.Count == 1)
        {
            DiscoveryLog.LeaseWarning(logger, warnings[0]);
        }
        else if (warnings.Count > 1)
        {
            DiscoveryLog.LeaseWarnings(logger, file.Path, warnings.Count, warnings[0]);
        }
    }

    private static bool LooksLikePi(string hostname) => hostname.Contains("raspberrypi", StringComparison.OrdinalIgnoreCase);
}
