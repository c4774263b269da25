namespace PiController.Hub.Hardware;

/// <summary>How many input edges, and separately how many sensor readings, one node may add per <see cref="Window"/>.</summary>
internal sealed record HardwareEventLimits(int PerWindow, TimeSpan Window);
