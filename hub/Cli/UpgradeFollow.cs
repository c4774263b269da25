using System.Text.Json;
using PiController.Hub.Cli.Output;
using PiController.Hub.Kube.Upgrades;

namespace PiController.Hub.Cli;

/// <summary>
/// Follows an upgrade or rollback live from the hub's events (cluster.upgrade.step and cluster.upgrade.changed of
/// its run, after the id read before it started), printing each step as it ends or waits, until the run is done or
/// stopped; then the exit code says which.
/// </summary>
internal static class UpgradeFollow
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private const int MaxIdlePolls = 10;

    public static async Task<int> FinishAsync(HubClient hub, UpgradeView run, long since, OutputFormat format, CancellationToken cancellationToken)
    {
        var quiet = format is OutputFormat.Json or OutputFormat.Yaml or OutputFormat.Name;
        var filter = new EventFilter([Events.EventTypes.ClusterUpgradeStep, Events.EventTypes.ClusterUpgradeChanged], []);
        var ended = false;
        var idle = 0;
        UpgradeView current;
        while (true)
        {
            var page = await hub.ListEventsAsync(since, 500, filter, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events.Where(e => Ours(e.Payload, run)))
            {
                since = Math.Max(since, e.Id);
                var state = Text(e.Payload, "state");
                ended |= e.Type == Events.EventTypes.ClusterUpgradeChanged && state is UpgradeStates.Done or UpgradeStates.Failed;
                if (!quiet)
                {
                    Print(e.Type, e.Payload);
                }
            }
            since = Math.Max(since, page.Next);
            current = await hub.GetUpgradeAsync(run.Cluster, cancellationToken).ConfigureAwait(false);
            var finished = current.Run != run.Run || current.State != UpgradeStates.Running;
            idle = page.Events.Count == 0 && finished ? idle + 1 : 0;
            // Events are stored a moment after they are published: wait for the run's last event, or a few silent polls if it was lost.
            if (finished && (ended || idle >= MaxIdlePolls))
            {
                break;
            }
            if (page.Events.Count == 0)
            {
                await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
            }
        }
        if (quiet)
        {
            Machine.Print(format is OutputFormat.Name ? OutputFormat.Json : format, current, HubJsonContext.Default.UpgradeView);
        }
        if (current.State == UpgradeStates.Done)
        {
            if (!quiet)
            {
                Terminal.WriteLine($"{current.Kind} of cluster {current.Cluster} done: {current.Detail}");
            }
            return 0;
        }
        throw new CliException($"the {current.Kind} of cluster {current.Cluster} {current.State}: {current.Detail}");
    }

    private static bool Ours(JsonElement payload, UpgradeView run) =>
        Text(payload, "cluster") == run.Cluster && payload.TryGetProperty("run", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == run.Run;

    private static void Print(string type, JsonElement payload)
    {
        if (type == Events.EventTypes.ClusterUpgradeChanged)
        {
            Terminal.WriteLine($"cluster {Text(payload, "cluster")}: {Text(payload, "kind")} {Text(payload, "state")}: {Text(payload, "detail")}");
            return;
        }
        var state = Text(payload, "state");
        if (state == UpgradeEvents.StepRunning)
        {
            return;
        }
        var word = state switch
        {
            UpgradeEvents.StepDone => "ok",
            UpgradeEvents.StepWaiting => "waiting",
            _ => "FAILED",
        };
        Terminal.WriteLine($"{Text(payload, "node")} {Text(payload, "step")}: {word}  {Text(payload, "detail")}");
        if (payload.TryGetProperty("nextAction", out var next) && next.ValueKind == JsonValueKind.String)
        {
            Terminal.WriteLine($"    next: {next.GetString()}");
        }
    }

    private static string Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
