namespace PiController.Protocol.Link;

public sealed partial class GpioPulse
{
    /// <summary>The longest pulse: a door strike or a relay wants seconds; anything longer is a write, not a pulse.</summary>
    public const uint MaxMs = 60_000;

    /// <summary>The rule both the hub and the agent apply; null when <paramref name="ms"/> is within it.</summary>
    public static string? CheckMs(long ms) =>
        ms is >= 1 and <= MaxMs ? null : $"ms must be 1-{MaxMs} milliseconds, got {ms}; for a lasting level write the pin instead (pi-controller gpio write NODE PIN high)";
}
