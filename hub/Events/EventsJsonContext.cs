using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiController.Hub.Events;

/// <summary>Event payloads and views, source-generated with the hub's JSON contract (<see cref="Api.ApiJsonContext"/>); Events owns every payload type, whichever feature publishes it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(NodeDiscoveredPayload))]
[JsonSerializable(typeof(NodeConnectedPayload))]
[JsonSerializable(typeof(NodeDisconnectedPayload))]
[JsonSerializable(typeof(NodeStatusChangedPayload))]
[JsonSerializable(typeof(GpioStateChangedPayload))]
[JsonSerializable(typeof(PwmChangedPayload))]
[JsonSerializable(typeof(I2cReadingPayload))]
[JsonSerializable(typeof(ResourceConflictPayload))]
[JsonSerializable(typeof(ResourceChangedPayload))]
[JsonSerializable(typeof(HardwareEventsDroppedPayload))]
[JsonSerializable(typeof(EventView))]
[JsonSerializable(typeof(EventListView))]
[JsonSerializable(typeof(StreamGapPayload))]
internal sealed partial class EventsJsonContext : JsonSerializerContext;
