using System.Text.Json;

namespace PiController.Hub.Events;

// What clients receive: one WebSocket text message or one list entry per event; docs/events.md.

/// <summary>One event on the wire: <c>{"id":..,"type":..,"nodeId":..,"at":..,"payload":{..}}</c>.</summary>
internal sealed record EventView(long Id, string Type, string? NodeId, DateTimeOffset At, JsonElement Payload)
{
    public static EventView From(HubEvent e) => new(e.Id, e.Type, e.NodeId, e.At, e.Payload);
}

/// <summary>
/// A page of stored events, oldest first; <c>Next</c> is the <c>since</c> to ask for the following page, and
/// <c>LastId</c> the newest id stored (a client that wants only new events streams with since=LastId).
/// </summary>
internal sealed record EventListView(IReadOnlyList<EventView> Events, long Next, long LastId);

/// <summary>
/// The first message of a stream that resumed from an id retention has already removed: events after
/// <c>since</c> and before <c>FirstAvailableId</c> are gone. Its <c>id</c> is 0 and its type "stream.gap".
/// </summary>
internal sealed record StreamGapPayload(long Since, long FirstAvailableId, string Detail);
