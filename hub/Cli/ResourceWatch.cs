using System.Text.Json;
using PiController.Hub.Cli.Output;
using PiController.Hub.Events;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>get KIND -w</c>: the resources, then a row for each one whose document changed after an event that can change
/// a resource's status: its pin or channel driven (gpio.state.changed, pwm.changed), a reading, a conflict, or its
/// node connecting, disconnecting or changing status.
/// </summary>
internal static class ResourceWatch
{
    private static readonly EventFilter Changes = new([EventTypes.GpioStateChanged, EventTypes.PwmChanged, EventTypes.I2cReading, EventTypes.ResourceConflict, "node.*"], []);

    /// <summary>Watches until Ctrl-C or until the hub refuses the token.</summary>
    /// <param name="client">the hub</param>
    /// <param name="printer">prints the list and each changed resource</param>
    /// <param name="list">the resources watched, now</param>
    /// <param name="cancellationToken">Ctrl-C</param>
    public static Task RunAsync(HubClient client, WatchPrinter<JsonElement> printer, Func<CancellationToken, Task<IReadOnlyList<JsonElement>>> list,
        CancellationToken cancellationToken)
    {
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
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
                var changed = now.Where(r => shown.GetValueOrDefault(Name(r)) != r.GetRawText()).ToList();
                Remember(shown, changed);
                return changed;
            },
            cancellationToken);
    }

    private static void Remember(Dictionary<string, string> shown, IEnumerable<JsonElement> resources)
    {
        foreach (var r in resources)
        {
            shown[Name(r)] = r.GetRawText();
        }
    }

    private static string Name(JsonElement resource) => resource.GetProperty("name").GetString() ?? "";
}
