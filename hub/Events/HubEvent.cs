using System.Text.Json;

namespace PiController.Hub.Events;

/// <summary>
/// One event as stored and as sent to clients: an id that only grows (SQLite rowid, never reused), its type
/// (<see cref="EventTypes"/>), the node it concerns (absent for hub-wide events), when the hub recorded it, and a
/// JSON payload whose shape depends on the type (docs/events.md).
/// </summary>
internal sealed record HubEvent(long Id, string Type, string? NodeId, DateTimeOffset At, JsonElement Payload);
