using System.Device.Pwm;
using System.Globalization;
using PiController.Agent.Platform;

namespace PiController.Agent.Hardware.Control.Pwm;

/// <summary>
/// The kernel's PWM controllers in /sys/class/pwm. The header's controller is found by the device behind each
/// pwmchipN ("fe20c000.pwm" on a Pi 4, "7e20c000.pwm"/"3f20c000.pwm" on older boards, "1f00098000.pwm" for the
/// Pi 5's RP1 pwm0), since chip numbers change with the overlays loaded; with one chip only, that chip.
/// </summary>
internal sealed class SysfsPwmChips(SystemRoot root) : IPwmChips
{
    private static readonly string[] HeaderDevices = ["20c000.pwm", "98000.pwm"];

    public (int Chip, int Channels)? HeaderController()
    {
        var chips = root.EntryNames("/sys/class/pwm")
            .Where(n => n.StartsWith("pwmchip", StringComparison.Ordinal))
            .Select(n => (Name: n, Ok: int.TryParse(n.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var number), Number: number))
            .Where(c => c.Ok)
            .ToList();
        foreach (var chip in chips)
        {
            var device = DeviceName($"/sys/class/pwm/{chip.Name}");
            if (device is not null && HeaderDevices.Any(d => device.EndsWith(d, StringComparison.Ordinal)))
            {
                return (chip.Number, Channels(chip.Name));
            }
        }
        return chips.Count == 1 ? (chips[0].Number, Channels(chips[0].Name)) : null;
    }

    public PwmChannel Open(int chip, int channel, int frequencyHz, double dutyFraction) =>
        PwmChannel.Create(chip, channel, frequencyHz, dutyFraction);

    private int Channels(string chip) =>
        int.TryParse(root.ReadTrimmed($"/sys/class/pwm/{chip}/npwm"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private string? DeviceName(string chipDirectory)
    {
        try
        {
            var link = new FileInfo(root.PathOf(chipDirectory + "/device")).LinkTarget
                ?? new DirectoryInfo(root.PathOf(chipDirectory + "/device")).LinkTarget;
            return link is null ? null : Path.GetFileName(link.TrimEnd('/'));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
