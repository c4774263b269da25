using PiController.Protocol.Link;

namespace PiController.Hub.Hardware;

/// <summary>
/// The one mapping from the link's pin and device state to the words of the REST API, resource statuses and
/// events: "input"/"output"/"released", "up"/"down"/"none", "rising"/"falling"/"both"/"none", "high"/"low",
/// addresses as "0x76".
/// </summary>
internal static class PinText
{
    public static string Mode(GpioMode mode) => mode switch { GpioMode.Input => "input", GpioMode.Output => "output", _ => "released" };

    public static string Pull(GpioPull pull) => pull switch { GpioPull.Up => "up", GpioPull.Down => "down", _ => "none" };

    public static string Edge(GpioEdge edge) => edge switch
    {
        GpioEdge.Rising => "rising",
        GpioEdge.Falling => "falling",
        GpioEdge.Both => "both",
        _ => "none",
    };

    /// <summary>The logical level, or null when the agent did not read it.</summary>
    public static string? Level(GpioPinState pin) => pin.HasHigh ? Level(pin.High) : null;

    public static string Level(bool high) => high ? "high" : "low";

    public static string Address(uint address) => $"0x{address:x2}";
}
