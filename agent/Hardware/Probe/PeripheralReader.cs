using System.Globalization;
using System.Text.RegularExpressions;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// The buses and ports the kernel offers to user space: I2C adapters (/dev/i2c-N), SPI devices (/dev/spidevB.C),
/// PWM chips (/sys/class/pwm) and UARTs (/sys/class/tty). What exists is what the system's overlays enabled;
/// nothing is inferred from the board model.
/// </summary>
internal static partial class PeripheralReader
{
    public static IEnumerable<I2cBus> I2cBuses(SystemRoot root) =>
        Numbered(root.EntryNames("/dev"), I2cDevice()).Select(bus =>
        {
            var result = new I2cBus { Bus = bus.Number };
            // i2cdetect -l reads the same name; /sys/bus/i2c covers a system without the i2c-dev class.
            if ((root.ReadTrimmed($"/sys/class/i2c-dev/i2c-{bus.Number}/name") ?? root.ReadTrimmed($"/sys/bus/i2c/devices/i2c-{bus.Number}/name")) is { } name)
            {
                result.Name = name;
            }
            return result;
        });

    public static IEnumerable<SpiDevice> SpiDevices(SystemRoot root) =>
        root.EntryNames("/dev")
            .Select(name => SpiDevice().Match(name))
            .Where(m => m.Success)
            .Select(m => new SpiDevice { Bus = Number(m.Groups[1].Value), ChipSelect = Number(m.Groups[2].Value) })
            .OrderBy(d => d.Bus).ThenBy(d => d.ChipSelect);

    public static IEnumerable<PwmChip> PwmChips(SystemRoot root) =>
        Numbered(root.EntryNames("/sys/class/pwm"), PwmChipName()).Select(chip =>
        {
            var directory = $"/sys/class/pwm/{chip.Name}";
            var result = new PwmChip { Chip = chip.Number };
            if (uint.TryParse(root.ReadTrimmed(directory + "/npwm"), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                result.ChannelCount = count;
            }
            result.ExportedChannels.AddRange(Numbered(root.EntryNames(directory), PwmChannel()).Select(c => c.Number));
            return result;
        });

    /// <summary>
    /// Serial ports backed by hardware: a tty with a device behind it (virtual consoles and ptys have none), except
    /// serial-core ports whose type is 0, the stand-ins an x86 kernel registers for COM ports that are not there.
    /// </summary>
    public static IEnumerable<Uart> Uarts(SystemRoot root) =>
        root.EntryNames("/sys/class/tty")
            .Where(name => root.Exists($"/sys/class/tty/{name}/device") && root.ReadTrimmed($"/sys/class/tty/{name}/type") != "0")
            .Select(name => new Uart { Name = name });

    private static IEnumerable<(string Name, uint Number)> Numbered(IEnumerable<string> names, Regex pattern) =>
        names.Select(name => (Name: name, Match: pattern.Match(name)))
            .Where(e => e.Match.Success)
            .Select(e => (e.Name, Number(e.Match.Groups[1].Value)))
            .OrderBy(e => e.Item2);

    private static uint Number(string digits) => uint.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^i2c-(\d{1,9})$")]
    private static partial Regex I2cDevice();

    [GeneratedRegex(@"^spidev(\d{1,9})\.(\d{1,9})$")]
    private static partial Regex SpiDevice();

    [GeneratedRegex(@"^pwmchip(\d{1,9})$")]
    private static partial Regex PwmChipName();

    [GeneratedRegex(@"^pwm(\d{1,9})$")]
    private static partial Regex PwmChannel();
}
