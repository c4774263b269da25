namespace PiController.Hub.Hardware;

// REST request bodies of the hardware API. Every member is optional in JSON so that a missing one gets a
// message naming it, not a serializer error.

/// <summary>POST /gpio/{pin}/config.</summary>
internal sealed record GpioConfigRequest(string? Mode, string? Pull, string? Value, bool? ActiveLow, string? Edge, int? DebounceMs);

/// <summary>POST /gpio/{pin}/write: "high" or "low" (also 1/0, on/off, true/false).</summary>
internal sealed record GpioWriteRequest(string? Value);

/// <summary>POST /gpio/batch: each op writes (Write set) or reads (Write absent) one pin.</summary>
internal sealed record GpioBatchRequest(IReadOnlyList<GpioBatchItem>? Ops);

internal sealed record GpioBatchItem(string? Pin, string? Write);

/// <summary>PUT /pwm/{pin}.</summary>
internal sealed record PwmSetRequest(long? FrequencyHz, double? DutyPercent);

/// <summary>POST /i2c/{bus}/{address}/transfer: hex bytes to write, then how many to read.</summary>
internal sealed record I2cTransferRequest(string? Write, int? ReadLength);

/// <summary>PUT /i2c/{bus}/{address}/watch.</summary>
internal sealed record I2cWatchRequest(string? Device, int? IntervalMs);

/// <summary>POST /gpio/{pin}/pulse: the level to drive ("high" or "low") and for how long (1-60000 ms).</summary>
internal sealed record GpioPulseRequest(string? Level, long? Ms);
