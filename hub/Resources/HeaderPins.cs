using PiController.Protocol.Pins;

namespace PiController.Hub.Resources;

/// <summary>
/// A resource's pin as one canonical BCM number, whatever way the user wrote it ("17", "GPIO17", "P11", "pin 11"),
/// resolved with the header table the agent uses (<see cref="HeaderLayout"/>), so conflicts are found on the
/// number. Resources also refuse GPIO0 and GPIO1, which every HAT's identification EEPROM uses.
/// </summary>
internal static class HeaderPins
{
    /// <summary>The BCM number of <paramref name="text"/>, or null with <paramref name="problem"/> saying why.</summary>
    public static int? Resolve(string? text, out string? problem)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is required; name the pin by BCM number (17, GPIO17) or header position (P11)";
            return null;
        }
        if (!HeaderLayout.TryResolve(text, out var bcm, out var refused))
        {
            problem = refused;
            return null;
        }
        problem = bcm is 0 or 1
            ? $"GPIO{bcm} is reserved for the HAT identification EEPROM (ID_SD/ID_SC); use another pin"
            : null;
        return problem is null ? bcm : null;
    }
}
