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
    /// The newest <paramref name="count"/> events that pass the filter, oldest first (like tail); the page's id is
    /// the newest stored, so a client that follows on from it misses nothing.
    /// </summary>
    public static EventPage Tail(EventBus bus, EventQuery query, int count)
    {
        if (count is < 1 or > EventStore.MaxPage)
        {
            throw new HubException(HubErrorKind.Invalid, $"tail must be between 1 and {EventStore.MaxPage}, got {count}");
        }
        var lastId = bus.Store.LastId();
        var newest = bus.Store.Latest(query.Filter, _ => true, count);
        return new EventPage([.. newest.Reverse()], lastId);
    }

    private static Ok<EventListView> List(HttpRequest request, EventBus bus)
    {
        var query = EventQuery.Parse(request.Query["since"], request.Query["type"], request.Query["node"], request.Query["resource"]);
        if (request.Query["tail"] is { Count: > 0 } tailText)
        {
            if (!int.TryParse(tailText, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new HubException(HubErrorKind.Invalid, $"tail must be a number between 1 and {EventStore.MaxPage}, got \"{TextRules.Excerpt(tailText)}\"");
            }
            var tail = Tail(bus, query, count);
            return TypedResults.Ok(new EventListView(tail.Events.Select(EventView.From).ToList(), tail.ScannedUpTo, tail.ScannedUpTo));
        }
        var limit = DefaultLimit;
        if (request.Query["limit"] is { Count: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > EventStore.MaxPage))
        {
            throw new HubException(HubErrorKind.Invalid, $"limit must be a number between 1 and {EventStore.MaxPage}, got \"{TextRules.Excerpt(text)}\"");
        }
        var lastId = bus.Store.LastId();
        query = query.Servable(lastId);
        var page = Page(bus, query, limit, lastId);
        return TypedResults.Ok(new EventListView(page.Events.Select(EventView.From).ToList(), page.ScannedUpTo, lastId));
    }
}
