namespace PiController.Hub.Kube.Placement;

/// <summary>
/// One hardware need of a workload, as parsed from its term: a feature label set to "true" (gpio, i2c, pwm, spi, or
/// sensor.DEVICE for i2c:DEVICE), at least some memory (the memory-mb label), or a board type (the board label).
/// </summary>
/// <param name="Term">The term as written ("i2c:bme280").</param>
/// <param name="Kind">What is compared.</param>
/// <param name="Label">The node label it reads (hardware.pi-controller.io/...).</param>
/// <param name="Value">The label's value for a feature or a board.</param>
/// <param name="Megabytes">The least memory, in MiB, for a memory need.</param>
internal sealed record PlacementNeed(string Term, PlacementNeedKind Kind, string Label, string? Value, long Megabytes = 0);

internal enum PlacementNeedKind
{
    Feature,
    Sensor,
    Memory,
    Board,
}
