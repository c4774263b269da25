namespace PiController.Hub.Events;

// The JSON payload of each event type (camelCase on the wire; docs/events.md documents every field).
// A field the hub does not know is null, never invented.

/// <summary>node.discovered: a machine seen for the first time by mDNS, a subnet scan or a DHCP lease file.</summary>
internal sealed record NodeDiscoveredPayload(long MachineId, string Address, string? Mac, string Hostname, string Model, string Source, string? NodeId);

/// <summary>node.connected: an agent opened its link.</summary>
internal sealed record NodeConnectedPayload(string RemoteAddress, string AgentVersion, string Hostname, string Board);

/// <summary>node.disconnected: an agent's link ended.</summary>
internal sealed record NodeDisconnectedPayload(string RemoteAddress, long ConnectedForMs, string Reason);

/// <summary>
/// node.status.changed: something about a node other than its link changed. <c>Change</c> is one of
/// "enrollment-requested", "approved", "enrolled", "revoked", "deleted", "lost", "found", "hardware", "throttling".
/// </summary>
internal sealed record NodeStatusChangedPayload(string Change, string? From, string? To, string Detail);

/// <summary>
/// gpio.state.changed: a pin's level or configuration changed. <c>Source</c> is "edge" (an input edge the agent
/// reported; <c>Edge</c> and <c>AgentAt</c> set), "api" (a direct command) or "resource" (reconciliation;
/// <c>Resource</c> set).
/// </summary>
internal sealed record GpioStateChangedPayload(
    int Bcm, bool? High, string? Mode, string? Edge, string Source, string? Resource, DateTimeOffset? AgentAt, long? AgentMonotonicNs);

/// <summary>pwm.changed: a PWM channel started, changed or stopped (<c>Running</c> false).</summary>
internal sealed record PwmChangedPayload(int Bcm, int? Chip, int? Channel, long? FrequencyHz, double? DutyPercent, bool Running, string Source, string? Resource);

/// <summary>i2c.reading: a sensor reading, from an interval watch or a read through the API.</summary>
internal sealed record I2cReadingPayload(int Bus, string Address, string Device, DateTimeOffset At, IReadOnlyDictionary<string, double> Values, string Source, string? Resource);

/// <summary>
/// hardware.events.dropped: one node's hardware events that were not stored in one window, over the hub's per-node
/// budget (<c>Edges</c>, <c>Readings</c>) or lost on the agent while its link was down (<c>AgentQueue</c>).
/// </summary>
internal sealed record HardwareEventsDroppedPayload(long Edges, long Readings, long AgentQueue, DateTimeOffset From, DateTimeOffset To, int BudgetPerWindow, string Detail);

/// <summary>resource.conflict: a resource could not take its pin, bus address or node because another holds it.</summary>
internal sealed record ResourceConflictPayload(string Kind, string Name, string ConflictingKind, string ConflictingName, string Target, string Reason);

/// <summary>resource.changed: a resource was created, configured (labels, node or spec changed) or deleted through the API.</summary>
internal sealed record ResourceChangedPayload(string Kind, string Name, string Change, long Generation);
