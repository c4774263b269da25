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

    private static Ok<EventListView> List(HttpRequest request, EventBus bus)
    {
        var query = EventQuery.Parse(request.Query["since"], request.Query["type"], request.Query["node"]);
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
