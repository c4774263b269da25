using System.Globalization;
using System.Text.Json;
using PiController.Hub.Cli.Output;
using PiController.Hub.Provisioning.Clusters;

namespace PiController.Hub.Cli;

/// <summary>
/// Follows a cluster's plan live from the hub's events (cluster.step, cluster.changed after the id read before the
/// plan started), printing each step as it ends, until the plan is done or stopped; then the exit code says which.
/// </summary>
internal static partial class ClusterCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);
    private const int MaxIdlePolls = 10;

    /// <summary>Follows the plan (printing steps unless <paramref name="format"/> is json or yaml), then prints the outcome; a stopped plan is a failure.</summary>
    private static async Task<int> FinishAsync(HubClient hub, string name, long since, OutputFormat format, CancellationToken cancellationToken)
    {
        var quiet = format is OutputFormat.Json or OutputFormat.Yaml or OutputFormat.Name;
        var filter = new EventFilter([Events.EventTypes.ClusterStep, Events.EventTypes.ClusterChanged], []);
        ClusterView cluster;
        var ended = false;
        var idle = 0;
        while (true)
        {
            var page = await hub.ListEventsAsync(since, 500, filter, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                since = Math.Max(since, e.Id);
                if (e.Payload.TryGetProperty("cluster", out var about) && about.GetString() == name)
                {
                    ended = e.Type == Events.EventTypes.ClusterChanged && Text(e.Payload, "state") is ClusterStates.Ready or ClusterStates.Failed or "deleted";
                    if (!quiet)
                    {
                        PrintEvent(e.Type, e.Payload);
                    }
                }
            }
            since = Math.Max(since, page.Next);
            cluster = await hub.GetClusterAsync(name, cancellationToken).ConfigureAwait(false);
            idle = page.Events.Count == 0 && !cluster.Running ? idle + 1 : 0;
            // The hub stores events a moment after it publishes them: a run that has ended is followed until its last
            // event (the plan's outcome) arrives, or for a few seconds of silence if that was lost.
            if (!cluster.Running && (ended || idle >= MaxIdlePolls))
            {
                break;
            }
            if (page.Events.Count == 0)
            {
                await Task.Delay(FollowInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        if (quiet)
        {
            Printer.PrintResult(format, cluster, () => { });
        }
        if (cluster.State == ClusterStates.Ready)
        {
            if (!quiet)
            {
                Terminal.WriteLine($"cluster {name} is ready; its kubeconfig: pi-controller cluster kubeconfig {name} --merge");
            }
            return 0;
        }
        var failed = cluster.Nodes.Where(n => n.LastError.Length > 0).Select(n => $"{n.Node}: {n.LastError}; next: {n.NextAction}").ToList();
        throw new CliException($"cluster {name} is {cluster.State}: {(failed.Count == 0 ? "pi-controller cluster get " + name + " shows where it stopped" : string.Join(" | ", failed))}");
    }

    private static void PrintEvent(string type, JsonElement payload)
    {
        if (type == Events.EventTypes.ClusterChanged)
        {
            Terminal.WriteLine($"cluster {Text(payload, "cluster")}: {Text(payload, "state")}: {Text(payload, "detail")}");
            return;
        }
        var state = Text(payload, "state");
        if (state == "running")
        {
            return;
        }
        var index = payload.GetProperty("index").GetInt32() + 1;
        var step = Text(payload, "step").Split('\n')[0];
        var changed = payload.GetProperty("changed").GetBoolean() ? " (changed)" : "";
        Terminal.WriteLine(CultureInfo.InvariantCulture, $"{Text(payload, "node")} {Text(payload, "phase")} {index}: {(state == "done" ? "ok" : "FAILED")}{changed}  {step}");
        var output = Text(payload, "output");
        if (state == "done" && Text(payload, "phase") == "preflight" && output.StartsWith("warning", StringComparison.Ordinal))
        {
            Terminal.WriteLine($"    {output}");
        }
        if (state == "failed")
        {
            Terminal.WriteLine($"    error: {Text(payload, "error")}");
            if (payload.TryGetProperty("nextAction", out var next) && next.ValueKind == JsonValueKind.String)
            {
                Terminal.WriteLine($"    next: {next.GetString()}");
            }
        }
    }

    private static string Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
