using PiController.Hub.Cli.Output;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>-w</c> on a list verb: the list as it is, then, for each event of the hub's stream that concerns these
/// objects, the object again as a new row. The stream resumes after a dropped connection (<see cref="EventFollower"/>)
/// and ends on Ctrl-C or when the hub refuses the token.
/// </summary>
internal static class ObjectWatch
{
    /// <summary>Watches until <paramref name="cancellationToken"/> ends or the token stops working.</summary>
    /// <param name="client">the hub</param>
    /// <param name="printer">prints the list and each changed object</param>
    /// <param name="filter">the events that may change an object</param>
    /// <param name="list">the objects now</param>
    /// <param name="changed">the objects one event changed (none: the event changed nothing shown)</param>
    /// <param name="cancellationToken">Ctrl-C</param>
    public static async Task RunAsync<T>(HubClient client, WatchPrinter<T> printer, EventFilter filter,
        Func<CancellationToken, Task<IReadOnlyList<T>>> list, Func<Events.EventView, CancellationToken, Task<IEnumerable<T>>> changed,
        CancellationToken cancellationToken)
    {
        // The newest event before the list: a change after it is in the stream, so none falls between the two.
        var since = await client.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
        printer.Start(await list(cancellationToken).ConfigureAwait(false));
        await Terminal.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        await new EventFollower(client, filter, async e =>
        {
            foreach (var item in await changed(e, cancellationToken).ConfigureAwait(false))
            {
                printer.Changed(item);
            }
            await Terminal.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }).RunAsync(since, cancellationToken).ConfigureAwait(false);
    }
}
