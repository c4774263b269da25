using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PiController.Hub.Api;

namespace PiController.Hub.Events;

/// <summary>
/// REST: <c>GET /api/v1/events</c> (stored events, a page at a time) and <c>GET /api/v1/events/ws</c> (the live
/// stream); gRPC: picontroller.api.v1.Events. Reading events needs any token (viewer or above).
/// </summary>
internal static class EventsApi
{
    public const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<EventsGrpcService>();
        var group = app.MapGroup("/api/v1/events").WithTags("events");
        group.MapGet("/", List);
        group.MapGet("/ws", EventsWebSocket.HandleAsync);
        return app;
    }

    /// <summary>Events after <paramref name="query"/>'s since, up to <paramref name="lastId"/> (the newest stored), oldest first.</summary>
    public static EventPage Page(EventBus bus, EventQuery query, int limit, long lastId)
    {
        var since = query.Since ?? 0;
        // Asked to start at the newest event: nothing yet, and the client keeps its place.
        return since >= lastId ? new EventPage([], since) : bus.Store.Read(since, lastId, query.Filter, limit);
    }

    /// <summary>
    /// The newest <paramref name="tail"/> events that pass the filter, oldest first; the page's next is the newest id,
    /// so a client that pages on from it gets only what comes after. Refuses a since: the tail is the newest events.
    /// </summary>
    public static EventPage Tail(EventBus bus, EventQuery query, int tail, long lastId)
    {
        if (query.Since is > 0)
        {
            throw new HubException(HubErrorKind.Invalid, "tail gives the newest events and since the ones after an id: ask for one of them, not both");
        }
        var newest = bus.Store.Latest(query.Filter, _ => true, tail);
        return new EventPage(newest.Reverse().ToList(), lastId);
    }

    /// <summary>A count of events (limit, tail): absent is <paramref name="absent"/>; else 1 to <see cref="EventStore.MaxPage"/>.</summary>
    public static int Count(string name, string? text, int absent)
    {
        if (text is null)
        {
            return absent;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > EventStore.MaxPage)
        {
            throw new HubException(HubErrorKind.Invalid, $"{name} must be a number between 1 and {EventStore.MaxPage}, got \"{TextRules.Excerpt(text)}\"");
        }
        return count;
    }

    private static Ok<EventListView> List(HttpRequest request, EventBus bus)
    {
        var query = EventQuery.Parse(request.Query["since"], request.Query["type"], request.Query["node"], request.Query["resource"]);
        string? limitText = request.Query["limit"] is { Count: > 0 } l ? l.ToString() : null;
        string? tailText = request.Query["tail"] is { Count: > 0 } t ? t.ToString() : null;
        if (limitText is not null && tailText is not null)
        {
            throw new HubException(HubErrorKind.Invalid, "limit pages from since and tail takes the newest events: ask for one of them, not both");
        }
        var limit = Count("limit", limitText, DefaultLimit);
        var tail = Count("tail", tailText, 0);
        var lastId = bus.Store.LastId();
        query = query.Servable(lastId);
        var page = tail > 0 ? Tail(bus, query, tail, lastId) : Page(bus, query, limit, lastId);
        return TypedResults.Ok(new EventListView(page.Events.Select(EventView.From).ToList(), page.ScannedUpTo, lastId));
    }
}
