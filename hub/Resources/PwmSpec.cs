namespace PiController.Hub.Resources;

/// <summary>
/// The desired state of one hardware PWM channel, named by the pin it drives (GPIO12, 13, 18 or 19).
/// <c>OnDelete</c>: "release" (default: the channel stops) or "keep".
/// </summary>
internal sealed record PwmSpec(string? Pin, long? FrequencyHz, double? DutyPercent, string? OnDelete = null);
