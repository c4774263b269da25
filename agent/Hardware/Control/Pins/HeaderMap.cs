using PiController.Protocol.Pins;

namespace PiController.Agent.Hardware.Control.Pins;

/// <summary>
/// The 40-pin header (<see cref="HeaderLayout"/>, shared with the hub) as the agent's commands use it: a name
/// that is no usable pin is an INVALID_ARGUMENT error.
/// </summary>
internal static class HeaderMap
{
    /// <summary>The header brings out GPIO0-27; higher lines exist on the chip but not on the header.</summary>
    public const int MaxHeaderBcm = HeaderLayout.MaxHeaderBcm;

    public static HeaderPin At(int physical) => HeaderLayout.At(physical);

    /// <summary>The header position of a BCM GPIO, or 0 when it is not on the header.</summary>
    public static int PhysicalOf(int bcm) => HeaderLayout.PhysicalOf(bcm);

    /// <summary>
    /// Resolves a pin as a person writes it to its BCM number. Throws <see cref="HardwareException"/> with
    /// INVALID_ARGUMENT for text that names no pin, a position off the header, or a power or ground pin.
    /// </summary>
    public static int Resolve(string spec) =>
        HeaderLayout.TryResolve(spec, out var bcm, out var problem) ? bcm : throw HardwareException.Invalid(problem);
}
