using PiController.Hub.State;

namespace PiController.Hub.Discovery;

/// <summary>
/// Node membership: a node whose agent is disconnected and that has not answered (agent link, mDNS, or a scan)
/// for <see cref="DiscoveryOptions.LostAfter"/> is marked lost; it is found again as soon as it answers.
/// </summary>
internal sealed class MembershipMonitor(DiscoveryOptions options, HubDatabase database, Events.NodeEvents events, TimeProvider time, ILogger<MembershipMonitor> logger)
    : BackgroundService
{
    private const string LastAnswer = """
        MAX(nodes.last_seen, COALESCE((SELECT MAX(s.last_seen) FROM discovery_sightings s JOIN discovered_machines d ON d.machine_id = s.machine_id
                                       WHERE d.node_id = nodes.node_id AND s.source IN ('mdns', 'scan')), 0))
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.LostAfter / 4;
        period = period < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : period > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : period;
        // Checked on the wall clock's cadence (a fake clock moved by a month must not run a month of checks); "now" is the hub's clock.
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
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        foreach (var nodeId in Run(connection, $"""
            UPDATE nodes SET lost_at = $now
            WHERE lost_at IS NULL AND connected_since IS NULL AND revoked_at IS NULL AND {LastAnswer} < $cutoff
            RETURNING node_id
            """, now, now - (long)options.LostAfter.TotalMilliseconds))
        {
            DiscoveryLog.Lost(logger, nodeId, options.LostAfter);
            events.StatusChanged(nodeId, "lost", "disconnected", "lost", $"no answer (agent link, mDNS or scan) for {options.LostAfter}");
        }
        foreach (var nodeId in Run(connection, $"""
            UPDATE nodes SET lost_at = NULL
            WHERE lost_at IS NOT NULL AND (connected_since IS NOT NULL OR {LastAnswer} > lost_at)
            RETURNING node_id
            """, now, 0))
        {
            DiscoveryLog.Found(logger, nodeId);
            events.StatusChanged(nodeId, "found", "lost", null, "the node answered again");
        }
    }

    private static List<string> Run(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, long now, long cutoff)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$cutoff", cutoff);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
