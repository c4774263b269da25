namespace PiController.Hub.Resources;

/// <summary>
/// A typed I2C device that the agent reads every <c>IntervalMs</c>; its last reading is the observed state.
/// <c>Address</c> as hex ("0x76") or decimal. <c>OnDelete</c>: "release" (default: the agent stops reading it)
/// or "keep".
/// </summary>
internal sealed record I2cSpec(long? Bus, string? Address, string? Device, long? IntervalMs = null, string? OnDelete = null);
