using System.Globalization;

namespace PiController.Protocol.Pins;

/// <summary>
/// The 40-pin header shared by every Raspberry Pi since the B+ (Pi 2, 3, 4, 5, Zero): which physical position
/// carries which BCM GPIO, and which carry power and ground. Pins are named by BCM number ("17", "GPIO17",
/// "BCM17") or by header position ("P11", "pin 11", "physical 11", "phys11"). The agent resolves the pins of its
/// commands with it, the hub the pins of resources, so both agree on which pin a name means.
/// </summary>
public static class HeaderLayout
{
    /// <summary>The header brings out GPIO0-27; higher lines exist on the chip but not on the header.</summary>
    public const int MaxHeaderBcm = 27;

    // Index = physical position - 1. -1 = 3V3, -2 = 5V, -3 = ground.
    private static readonly int[] Layout =
    [
        -1, -2, 2, -2, 3, -3, 4, 14, -3, 15,
        17, 18, 27, -3, 22, 23, -1, 24, 10, -3,
        9, 25, 11, 8, -3, 7, 0, 1, 5, -3,
        6, 12, 13, -3, 19, 16, 26, 20, -3, 21,
    ];

    public static HeaderPin At(int physical) => Layout[physical - 1] switch
    {
        -1 => new HeaderPin(physical, HeaderPinKind.Power3V3, -1),
        -2 => new HeaderPin(physical, HeaderPinKind.Power5V, -1),
        -3 => new HeaderPin(physical, HeaderPinKind.Ground, -1),
        var bcm => new HeaderPin(physical, HeaderPinKind.Gpio, bcm),
    };

    /// <summary>The header position of a BCM GPIO, or 0 when it is not on the header.</summary>
    public static int PhysicalOf(int bcm) => Array.IndexOf(Layout, bcm) + 1;

    /// <summary>
    /// Resolves a pin as a person writes it to its BCM number; false, with a sentence saying why, for text that
    /// names no pin, a position off the header, a GPIO the header does not bring out, or a power or ground pin.
    /// </summary>
    public static bool TryResolve(string? text, out int bcm, out string problem)
    {
        bcm = -1;
        problem = "";
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            problem = "no pin given; name it by BCM number (17, GPIO17) or header position (P11, pin 11)";
            return false;
        }
        var lower = trimmed.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        foreach (var prefix in (ReadOnlySpan<string>)["physical", "phys", "pin", "p"])
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal) && Number(lower[prefix.Length..]) is { } physical)
            {
                return TryPhysical(physical, trimmed, out bcm, out problem);
            }
        }
        foreach (var prefix in (ReadOnlySpan<string>)["gpio", "bcm", ""])
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal) && Number(lower[prefix.Length..]) is { } number)
            {
                if (number > MaxHeaderBcm)
                {
                    problem = $"GPIO{number} is not on the 40-pin header, which brings out GPIO0-{MaxHeaderBcm}";
                    return false;
                }
                bcm = number;
                return true;
            }
        }
        problem = $"\"{trimmed}\" is not a pin; use a BCM number (17, GPIO17) or a header position (P11, pin 11, physical 11)";
        return false;
    }

    private static bool TryPhysical(int physical, string text, out int bcm, out string problem)
    {
        bcm = -1;
        problem = "";
        if (physical is < 1 or > 40)
        {
            problem = $"\"{text}\": the header has positions 1-40";
            return false;
        }
        var pin = At(physical);
        var what = pin.Kind switch
        {
            HeaderPinKind.Gpio => null,
            HeaderPinKind.Ground => "ground",
            HeaderPinKind.Power3V3 => "3.3 V power",
            _ => "5 V power",
        };
        if (what is not null)
        {
            problem = $"header pin {physical} is {what}, not a GPIO; it cannot be configured, read or driven";
            return false;
        }
        bcm = pin.Bcm;
        return true;
    }

    private static int? Number(string digits) =>
        digits.Length is > 0 and <= 4 && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
}
