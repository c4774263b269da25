using System.Globalization;

namespace PiController.Hub.Resources;

/// <summary>
/// The hub's copy of the 40-pin header (every Pi since the B+), so that a resource's pin has one canonical BCM
/// number whatever way the user wrote it: "17", "GPIO17", "BCM17", "P11", "pin 11", "physical 11". Conflicts are
/// detected on that number. The agent resolves names the same way (agent/Hardware/Pins/HeaderMap.cs).
/// </summary>
internal static class HeaderPins
{
    public const int MaxHeaderBcm = 27;

    // Index = physical position - 1. -1 = 3V3, -2 = 5V, -3 = ground.
    private static readonly int[] Layout =
    [
        -1, -2, 2, -2, 3, -3, 4, 14, -3, 15,
        17, 18, 27, -3, 22, 23, -1, 24, 10, -3,
        9, 25, 11, 8, -3, 7, 0, 1, 5, -3,
        6, 12, 13, -3, 19, 16, 26, 20, -3, 21,
    ];

    /// <summary>The BCM number of <paramref name="text"/>, or null with <paramref name="problem"/> saying why.</summary>
    public static int? Resolve(string? text, out string? problem)
    {
        problem = null;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            problem = "is required; name the pin by BCM number (17, GPIO17) or header position (P11)";
            return null;
        }
        var lower = trimmed.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        foreach (var prefix in (ReadOnlySpan<string>)["physical", "phys", "pin", "p"])
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal) && Number(lower[prefix.Length..]) is { } physical)
            {
                if (physical is < 1 or > 40)
                {
                    problem = $"\"{trimmed}\": the header has positions 1-40";
                    return null;
                }
                var code = Layout[physical - 1];
                if (code < 0)
                {
                    problem = $"header pin {physical} is {(code == -3 ? "ground" : code == -1 ? "3.3 V power" : "5 V power")}, not a GPIO";
                    return null;
                }
                return Checked(code, out problem);
            }
        }
        foreach (var prefix in (ReadOnlySpan<string>)["gpio", "bcm", ""])
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal) && Number(lower[prefix.Length..]) is { } bcm)
            {
                if (bcm > MaxHeaderBcm)
                {
                    problem = $"GPIO{bcm} is not on the 40-pin header, which brings out GPIO0-{MaxHeaderBcm}";
                    return null;
                }
                return Checked(bcm, out problem);
            }
        }
        problem = $"\"{trimmed}\" is not a pin; use a BCM number (17, GPIO17) or a header position (P11, pin 11)";
        return null;
    }

    private static int? Checked(int bcm, out string? problem)
    {
        problem = bcm is 0 or 1
            ? $"GPIO{bcm} is reserved for the HAT identification EEPROM (ID_SD/ID_SC); use another pin"
            : null;
        return problem is null ? bcm : null;
    }

    private static int? Number(string digits) =>
        digits.Length is > 0 and <= 4 && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
}
