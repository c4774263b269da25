using System.Globalization;
using System.Text.RegularExpressions;
using PiController.Agent.Platform;
using PiController.Protocol.Link;

namespace PiController.Agent.Hardware.Probe;

/// <summary>
/// Reads chips from /sys/kernel/debug/gpio, gpiolib's debugfs listing: the fallback when the character device
/// cannot be opened (root can always read debugfs where it is mounted). Two header forms exist: before Linux 6.9
/// "gpiochip0: GPIOs 512-569, parent: platform/fe200000.gpio, pinctrl-bcm2711:" with global line numbers, after it
/// "gpiochip0: 58 GPIOs, parent: ..., pinctrl-bcm2711:" with chip offsets. Older kernels list only the requested
/// lines; a chip whose listing does not cover every line reports no lines, because an absent line would read
/// as a free one.
/// </summary>
internal sealed partial class GpioDebugFs(SystemRoot root) : IGpioChipReader
{
    public const string Path = "/sys/kernel/debug/gpio";

    public GpioChip? Read(string name)
    {
        var text = root.ReadText(Path);
        if (text is null)
        {
            return null;
        }
        GpioChip? chip = null;
        var first = 0u;
        foreach (var line in text.Split('\n'))
        {
            if (Header().Match(line) is { Success: true } header)
            {
                if (chip is not null)
                {
                    break;
                }
                if (header.Groups["chip"].Value != name)
                {
                    continue;
                }
                var count = header.Groups["count"].Success
                    ? Number(header.Groups["count"].Value)
                    : Number(header.Groups["last"].Value) - Number(header.Groups["first"].Value) + 1;
                first = header.Groups["first"].Success ? Number(header.Groups["first"].Value) : 0;
                chip = new GpioChip { Name = name, Label = header.Groups["label"].Value, LineCount = count };
                continue;
            }
            if (chip is not null && ParseLine(line, first) is { } gpio && gpio.Offset < chip.LineCount)
            {
                chip.Lines.Add(gpio);
            }
        }
        if (chip is not null && (chip.Lines.Count != chip.LineCount || chip.Lines.Select(l => l.Offset).Distinct().Count() != chip.Lines.Count))
        {
            chip.Lines.Clear();
        }
        return chip;
    }

    // " gpio-577 (GPIO8               |spi0 CS0            ) out hi ACTIVE LOW": name and consumer are each
    // cut to 20 characters by the kernel; a consumer after '|' means the line is requested.
    private static GpioLine? ParseLine(string line, uint first)
    {
        if (LineStart().Match(line) is not { Success: true } start)
        {
            return null;
        }
        var open = start.Length;
        var close = line.LastIndexOf(')');
        if (close < open)
        {
            return null;
        }
        var inner = line[open..close];
        var bar = inner.IndexOf('|', StringComparison.Ordinal);
        var number = Number(start.Groups["number"].Value);
        if (number < first)
        {
            return null;
        }
        return new GpioLine
        {
            Offset = number - first,
            Name = (bar < 0 ? inner : inner[..bar]).Trim(),
            Consumer = bar < 0 ? "" : inner[(bar + 1)..].Trim(),
            Used = bar >= 0,
        };
    }

    private static uint Number(string digits) => uint.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<chip>gpiochip\d+): (?:GPIOs (?<first>\d+)-(?<last>\d+)|(?<count>\d+) GPIOs), (?:parent: [^,]+, )?(?<label>.+?)(?:, can sleep)?:\s*$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s*gpio-(?<number>\d+)\s+\(")]
    private static partial Regex LineStart();
}
