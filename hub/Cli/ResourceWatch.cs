using System.Text.Json;
using PiController.Hub.Cli.Output;
using PiController.Hub.Events;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>get KIND -w</c>: the resources, then a row for each one whose document changed after an event that can change
/// it: its own change through the API (resource.changed: created, configured, deleted), its pin or channel driven
/// (gpio.state.changed, pwm.changed), a reading, a conflict, or its node connecting, disconnecting or changing
/// status. A deleted resource is printed once more with its last state, as kubectl does.
/// </summary>
internal static class ResourceWatch
{
    private static readonly EventFilter Changes = new(
        [EventTypes.ResourceChanged, EventTypes.GpioStateChanged, EventTypes.PwmChanged, EventTypes.I2cReading, EventTypes.ResourceConflict, "node.*"], []);

    /// <summary>Watches until Ctrl-C or until the hub refuses the token.</summary>
    /// <param name="client">the hub</param>
    /// <param name="printer">prints the list and each changed resource</param>
    /// <param name="list">the resources watched, now</param>
    /// <param name="cancellationToken">Ctrl-C</param>
    public static Task RunAsync(HubClient client, WatchPrinter<JsonElement> printer, Func<CancellationToken, Task<IReadOnlyList<JsonElement>>> list,
        CancellationToken cancellationToken)
    {
        var shown = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        return ObjectWatch.RunAsync(client, printer, Changes,
            async token =>
            {
                var now = await list(token).ConfigureAwait(false);
                Remember(shown, now);
                return now;
            },
            async (_, token) =>
            {
                var now = await list(token).ConfigureAwait(false);
                var changed = now.Where(r => !shown.TryGetValue(Name(r), out var before) || before.GetRawText() != r.GetRawText()).ToList();
                var present = now.Select(Name).ToHashSet(StringComparer.Ordinal);
                var deleted = shown.Where(s => !present.Contains(s.Key)).Select(s => s.Value).ToList();
                foreach (var gone in deleted)
                {
                    shown.Remove(Name(gone));
                }
                Remember(shown, changed);
                return changed.Concat(deleted);
            },
            cancellationToken);
    }

    private static void Remember(Dictionary<string, JsonElement> shown, IEnumerable<JsonElement> resources)
    {
        foreach (var r in resources)
        {
            shown[Name(r)] = r.Clone();
        }
    }

    private static string Name(JsonElement resource) => resource.GetProperty("name").GetString() ?? "";
}
