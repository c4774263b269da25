using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using PiController.Hub.Events;

namespace PiController.Hub.Cli;

/// <summary>Stored events (/api/v1/events) and the live stream over a WebSocket (/api/v1/events/ws).</summary>
internal sealed partial class HubClient
{
    /// <summary>One page of events with an id greater than <paramref name="since"/>.</summary>
    public Task<EventListView> ListEventsAsync(long since, int limit, EventFilter filter, CancellationToken cancellationToken) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/events?since={since}&limit={limit}{Query(filter)}"), HubJsonContext.Default.EventListView, cancellationToken);

    /// <summary>The newest <paramref name="tail"/> events that pass the filter, oldest first; the page's LastId is the newest id now.</summary>
    public Task<EventListView> ListNewestEventsAsync(int tail, EventFilter filter, CancellationToken cancellationToken) =>
        GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/events?tail={tail}{Query(filter)}"), HubJsonContext.Default.EventListView, cancellationToken);

    /// <summary>The id of the newest event now (the page of the one newest event says it).</summary>
    public async Task<long> LastEventIdAsync(CancellationToken cancellationToken) =>
        (await GetAsync("/api/v1/events?limit=1", HubJsonContext.Default.EventListView, cancellationToken).ConfigureAwait(false)).LastId;

    /// <summary>The live stream of events after <paramref name="since"/>; see <see cref="OpenWebSocketAsync"/> for its failures.</summary>
    public Task<ClientWebSocket> OpenEventStreamAsync(long since, EventFilter filter, CancellationToken cancellationToken) =>
        OpenWebSocketAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/events/ws?since={since}{Query(filter)}"), cancellationToken);

    /// <summary>The type and node filters as query parameters ("&amp;type=..&amp;node=..").</summary>
    private static string Query(EventFilter filter)
    {
        var query = new StringBuilder();
        foreach (var t in filter.Types)
        {
            query.Append("&type=").Append(Uri.EscapeDataString(t));
        }
        foreach (var n in filter.Nodes)
        {
            query.Append("&node=").Append(Uri.EscapeDataString(n));
        }
        return query.ToString();
    }
}
