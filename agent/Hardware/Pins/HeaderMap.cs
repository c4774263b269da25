using System.Globalization;

namespace PiController.Agent.Hardware.Pins;

/// <summary>What sits at one position of the 40-pin header.</summary>
internal enum HeaderPinKind
{
    Gpio,
    Power3V3,
    Power5V,
    Ground,
}

/// <summary>One position of the 40-pin header: a GPIO (with its BCM number) or a power or ground pin.</summary>
internal readonly record struct HeaderPin(int Physical, HeaderPinKind Kind, int Bcm);

/// <summary>
/// The 40-pin header shared by every Raspberry Pi since the B+ (Pi 2, 3, 4, 5, Zero): which physical position
/// carries which BCM GPIO, and which carry power and ground. Pins are addressed by BCM number ("17", "GPIO17",
/// "BCM17") or by header position ("P11", "pin 11", "physical 11", "phys11").
/// </summary>
internal static class HeaderMap
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

    public static HeaderPin At(int physical)
    {
        var code = Layout[physical - 1];
        return code switch
        {
            -1 => new HeaderPin(physical, HeaderPinKind.Power3V3, -1),
            -2 => new HeaderPin(physical, HeaderPinKind.Power5V, -1),
            -3 => new HeaderPin(physical, HeaderPinKind.Ground, -1),
            _ => new HeaderPin(physical, HeaderPinKind.Gpio, code),
        };
    }

    /// <summary>The header position of a BCM GPIO, or 0 when it is not on the header.</summary>
    public static int PhysicalOf(int bcm) => Array.IndexOf(Layout, bcm) + 1;

    /// <summary>
    /// Resolves a pin as a person writes it to its BCM number. Throws <see cref="HardwareException"/> with
    /// INVALID_ARGUMENT for text that names no pin, a position off the header, or a power or ground pin.
    /// </summary>
    public static int Resolve(string spec)
    {
        var text = (spec ?? "").Trim();
        if (text.Length == 0)
        {
            throw HardwareException.Invalid("no pin given; name it by BCM number (17, GPIO17) or header position (P11, pin 11)");
        }
        var lower = text.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        foreach (var prefix in (ReadOnlySpan<string>)["physical", "phys", "pin", "p"])
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal) && Number(lower[prefix.Length..]) is { } physical)
            {
                return ResolvePhysical(physical, text);
            }
        }
        foreach (var prefix in (ReadOnlySpan<string>)["gpio", "bcm", ""])
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal) && Number(lower[prefix.Length..]) is { } bcm)
            {
                if (bcm > MaxHeaderBcm)
                {
                    throw HardwareException.Invalid($"GPIO{bcm} is not on the 40-pin header, which brings out GPIO0-{MaxHeaderBcm}");
                }
                return bcm;
            }
        }
        throw HardwareException.Invalid($"\"{text}\" is not a pin; use a BCM number (17, GPIO17) or a header position (P11, pin 11, physical 11)");
    }

    private static int ResolvePhysical(int physical, string text)
    {
        if (physical is < 1 or > 40)
        {
            throw HardwareException.Invalid($"\"{text}\": the header has positions 1-40");
        }
        var pin = At(physical);
        return pin.Kind switch
        {
            HeaderPinKind.Gpio => pin.Bcm,
            HeaderPinKind.Ground => throw HardwareException.Invalid($"header pin {physical} is ground, not a GPIO; it cannot be configured, read or driven"),
            HeaderPinKind.Power3V3 => throw HardwareException.Invalid($"header pin {physical} is 3.3 V power, not a GPIO; it cannot be configured, read or driven"),
            _ => throw HardwareException.Invalid($"header pin {physical} is 5 V power, not a GPIO; it cannot be configured, read or driven"),
        };
    }

    private static int? Number(string digits) =>
        digits.Length is > 0 and <= 4 && digits.All(char.IsAsciiDigit)
            ? int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
}
