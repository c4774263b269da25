using System.Globalization;
using PiController.Hub.Agents;
using PiController.Hub.Api;

namespace PiController.Hub.Events;

/// <summary>
/// What a client asks of the event stream or list: events after <see cref="Since"/> (all stored ones when null)
/// that pass <see cref="Filter"/>. Parsed and checked at the edge, so a typo is a 400 that names the valid
/// values, not a stream that stays silent. Like every parser of the hub it returns the value or throws a
/// <see cref="HubException"/> (invalid) that names the field; REST, WebSocket and gRPC answer it alike.
/// </summary>
internal sealed record EventQuery(long? Since, EventFilter Filter)
{
    /// <summary>Types (exact or "node.*") and node ids, each repeatable or a comma list; optionally one resource (GPIOPin/led).</summary>
    public static EventQuery Parse(string? since, IEnumerable<string?> types, IEnumerable<string?> nodes, string? resource = null)
    {
        long? after = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                throw Invalid($"since must be an event id (a whole number, 0 or more; the id of the last event you saw), got \"{TextRules.Excerpt(since)}\"");
            }
            after = id;
        }
        var typeSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in Split(types))
        {
            if (!IsValidType(type))
            {
                throw Invalid($"unknown event type \"{TextRules.Excerpt(type)}\"; the types are {string.Join(", ", EventTypes.All)} (a prefix such as node.* matches several)");
            }
            typeSet.Add(type);
        }
        var nodeSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Split(nodes))
        {
            if (NodeIdRules.Check(node) is { } bad)
            {
                throw Invalid($"node filter \"{TextRules.Excerpt(node)}\": {bad}");
            }
            nodeSet.Add(node);
        }
        return new EventQuery(after, new EventFilter(typeSet, nodeSet) { Resource = EventResource.Parse(resource) });
    }

    public static EventQuery Parse(long? since, IEnumerable<string?> types, IEnumerable<string?> nodes, string? resource = null) => since < 0
        ? throw Invalid($"since must be an event id (0 or more), got {since}")
        : Parse(since?.ToString(CultureInfo.InvariantCulture), types, nodes, resource);

    /// <summary>
    /// Refuses a <see cref="Since"/> that cannot be served: an id beyond <paramref name="newestId"/> (the newest id
    /// ever given out) has not been given out, so a stream that waited for it would deliver nothing, not even the
    /// events that come next (a hub whose database was replaced, a typo).
    /// </summary>
    public EventQuery Servable(long newestId) => Since > newestId
        ? throw Invalid($"since={Since} is beyond the newest event id, {newestId}; resume with since={newestId} or lower, or leave since out to get only new events")
        : this;

    /// <summary>A known type, or "prefix.*" where some known type starts with "prefix.".</summary>
    public static bool IsValidType(string type) =>
        EventTypes.IsKnown(type)
        || (EventFilter.IsPattern(type) && type.Length > 2 && EventTypes.All.Any(t => t.StartsWith(type[..^1], StringComparison.Ordinal)));

    private static HubException Invalid(string message) => new(HubErrorKind.Invalid, message);

    private static IEnumerable<string> Split(IEnumerable<string?> values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
