using System.Globalization;
using System.Text.RegularExpressions;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// Probes the board: identity, GPIO chips, buses, ports, thermal zones and throttling, all read through the
/// root-path seam. GPIO chips are found as /dev/gpiochipN and each is read by the first reader that can.
/// </summary>
internal sealed partial class BoardProbe(SystemRoot root, IReadOnlyList<IGpioChipReader> gpioReaders)
{
    /// <summary>The character device first, then debugfs when the device cannot be opened.</summary>
    public static BoardProbe ForSystem(SystemRoot root) =>
        new(root, [new GpioCharacterDevice(root), new GpioDebugFs(root)]);

    public HardwareReport Probe()
    {
        var report = new HardwareReport { Board = BoardIdentityReader.Read(root) };
        report.GpioChips.AddRange(GpioChips());
        report.I2CBuses.AddRange(PeripheralReader.I2cBuses(root));
        report.PwmChips.AddRange(PeripheralReader.PwmChips(root));
        report.SpiDevices.AddRange(PeripheralReader.SpiDevices(root));
        report.Uarts.AddRange(PeripheralReader.Uarts(root));
        report.ThermalZones.AddRange(ThermalZoneReader.Read(root));
        if (ThrottleReader.Read(root) is { } throttling)
        {
            report.Throttling = throttling;
        }
        return report;
    }

    private IEnumerable<GpioChip> GpioChips() =>
        root.EntryNames("/dev")
            .Select(name => (Name: name, Match: ChipName().Match(name)))
            .Where(e => e.Match.Success)
            .OrderBy(e => int.Parse(e.Match.Groups[1].ValueSpan, provider: CultureInfo.InvariantCulture))
            .Select(e => gpioReaders.Select(r => r.Read(e.Name)).FirstOrDefault(c => c is not null) ?? new GpioChip { Name = e.Name });

    [GeneratedRegex(@"^gpiochip(\d{1,9})$")]
    private static partial Regex ChipName();
}
