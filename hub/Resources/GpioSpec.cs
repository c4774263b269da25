namespace PiController.Hub.Resources;

/// <summary>
/// The desired state of one GPIO pin. <c>Pin</c> as the user writes it ("17", "GPIO17", "P11"); <c>Mode</c>
/// input or output; inputs take <c>Pull</c>, <c>Edge</c> and <c>DebounceMs</c>, outputs <c>Value</c> (high or
/// low, default low). <c>OnDelete</c>: "release" (default: the pin goes back to an input without pull) or "keep".
/// </summary>
internal sealed record GpioSpec(
    string? Pin,
    string? Mode,
    string? Pull = null,
    bool? ActiveLow = null,
    string? Edge = null,
    long? DebounceMs = null,
    string? Value = null,
    string? OnDelete = null);
