namespace PiController.Hub.Events;

/// <summary>The event types the hub publishes; docs/events.md documents each payload.</summary>
internal static class EventTypes
{
    public const string NodeDiscovered = "node.discovered";
    public const string NodeConnected = "node.connected";
    public const string NodeDisconnected = "node.disconnected";
    public const string NodeStatusChanged = "node.status.changed";
    public const string GpioStateChanged = "gpio.state.changed";
    public const string PwmChanged = "pwm.changed";
    public const string I2cReading = "i2c.reading";
    public const string ResourceConflict = "resource.conflict";
    public const string ResourceChanged = "resource.changed";
    public const string HardwareEventsDropped = "hardware.events.dropped";
    public const string ClusterStep = "cluster.step";
    public const string ClusterChanged = "cluster.changed";
    public const string ClusterMembership = "cluster.membership";
    public const string ClusterUpgradeStep = "cluster.upgrade.step";
    public const string ClusterUpgradeChanged = "cluster.upgrade.changed";
    public const string AdoptionStep = "adoption.step";
    public const string AdoptionChanged = "adoption.changed";
    public const string ClusterSnapshot = "cluster.snapshot";

    public static IReadOnlyList<string> All { get; } =
        [NodeDiscovered, NodeConnected, NodeDisconnected, NodeStatusChanged, GpioStateChanged, PwmChanged, I2cReading, ResourceConflict, ResourceChanged, HardwareEventsDropped,
         ClusterStep, ClusterChanged, ClusterMembership, ClusterUpgradeStep, ClusterUpgradeChanged, ClusterSnapshot, AdoptionStep, AdoptionChanged];

    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);
}
