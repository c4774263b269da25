using System.Globalization;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Control.Pins;

/// <summary>
/// Which GPIO chip carries the header's lines: the Pi 5's RP1 ("pinctrl-rp1", gpiochip4 on kernels before 6.6.45
/// and gpiochip0 after), else the SoC's own controller ("pinctrl-bcm2711", "pinctrl-bcm2835"), else the first
/// chip with enough lines (a board this table does not know).
/// </summary>
internal static class HeaderChip
{
    private static readonly string[] Labels = ["pinctrl-rp1", "pinctrl-bcm2712", "pinctrl-bcm2711", "pinctrl-bcm2835"];

    public static GpioChip? Find(HardwareReport report)
    {
        foreach (var label in Labels)
        {
            if (report.GpioChips.FirstOrDefault(c => c.HasLabel && c.Label == label) is { } chip)
            {
                return chip;
            }
        }
        return report.GpioChips.FirstOrDefault(c => c.HasLineCount && c.LineCount > HeaderMap.MaxHeaderBcm);
    }

    /// <summary>The chip number N of /dev/gpiochipN, or null when the name has no number.</summary>
    public static int? Number(GpioChip chip) =>
        chip.Name.StartsWith("gpiochip", StringComparison.Ordinal)
        && int.TryParse(chip.Name.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
