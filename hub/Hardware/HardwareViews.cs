namespace PiController.Hub.Hardware;

// REST answers of the hardware API. Pins carry their BCM number and header position; levels are logical
// ("high"/"low" after active-low) and null when not read; I2C addresses are hex strings ("0x76").

internal sealed record GpioPinView(int Bcm, int? Physical, string Mode, string Pull, bool ActiveLow, string Edge, int DebounceMs, string? Value);

internal sealed record GpioPinsView(string NodeId, IReadOnlyList<GpioPinView> Pins);

internal sealed record PwmChannelView(int Bcm, int Chip, int Channel, long FrequencyHz, double DutyPercent);

internal sealed record PwmChannelsView(string NodeId, IReadOnlyList<PwmChannelView> Channels);

internal sealed record I2cScanView(string NodeId, int Bus, IReadOnlyList<string> Addresses, IReadOnlyList<string> KernelAddresses);

internal sealed record I2cTransferView(string NodeId, int Bus, string Address, string Read);

internal sealed record SensorReadingView(string NodeId, int Bus, string Address, string Device, DateTimeOffset At, IReadOnlyDictionary<string, double> Values);

internal sealed record SensorReadingsView(string NodeId, IReadOnlyList<SensorReadingView> Readings);

internal sealed record I2cWatchView(int Bus, string Address, string Device, long IntervalMs);

internal sealed record I2cWatchesView(string NodeId, IReadOnlyList<I2cWatchView> Watches);

internal sealed record PinEventView(int Bcm, string Edge, DateTimeOffset At, long MonotonicNs, DateTimeOffset ReceivedAt);

internal sealed record PinEventsView(string NodeId, long Dropped, IReadOnlyList<PinEventView> Events);
