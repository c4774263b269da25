using System.Text.Json;

namespace PiController.Hub.Events;

/// <summary>
/// One event as stored and as sent to clients: an id that only grows (SQLite rowid, never reused), its type
/// (<see cref="EventTypes"/>), the node it concerns (absent for hub-wide events), when the hub recorded it, and a
/// JSON payload whose shape depends on the type (docs/events.md).
/// </summary>
internal sealed record HubEvent(long Id, string Type, string? NodeId, DateTimeOffset At, JsonElement Payload)
{
    private byte[]? _message;

    /// <summary>
    /// The event as one compact WebSocket message (<see cref="EventView"/>), made once and shared by every stream
    /// that sends it: with 100 clients, one serialization instead of 100. Two threads may both make it; the
    /// bytes are the same.
    /// </summary>
    public ReadOnlyMemory<byte> Message => _message ??= EventJson.ToUtf8(EventView.From(this), EventsJsonContext.Default.EventView);

    // The cached message is not part of an event's identity.
    public bool Equals(HubEvent? other) =>
        other is not null && Id == other.Id && Type == other.Type && NodeId == other.NodeId && At == other.At && Payload.GetRawText() == other.Payload.GetRawText();

    public override int GetHashCode() => HashCode.Combine(Id, Type, NodeId, At);
}
