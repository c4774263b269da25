using System.Globalization;
using System.Text.RegularExpressions;
using PiController.Agent.Hardware.Probe;
using PiController.Protocol.Link;

namespace PiController.Agent.Tests.Support;

/// <summary>
/// A double for the GPIO character device: answers from the output of libgpiod 2's gpiodetect and gpioinfo,
/// which print exactly what the chip-info and line-info ioctls return. A line is in use when gpioinfo names
/// a consumer (it prints consumer="kernel" for a used line without one).
/// </summary>
internal sealed partial class GpioInfoDump(string path) : IGpioChipReader
{
    public GpioChip? Read(string name)
    {
        var text = File.ReadAllText(path);
        var detected = Detect().Matches(text).FirstOrDefault(m => m.Groups["chip"].Value == name);
        if (detected is null)
        {
            return null;
        }
        var chip = new GpioChip { Name = name, Label = detected.Groups["label"].Value, LineCount = Number(detected.Groups["count"].Value) };
        var inChip = false;
        foreach (var line in text.Split('\n'))
        {
            if (ChipHeader().Match(line) is { Success: true } header)
            {
                inChip = header.Groups["chip"].Value == name;
                continue;
            }
            if (inChip && Line().Match(line) is { Success: true } info)
            {
                var consumer = info.Groups["consumer"].Success ? info.Groups["consumer"].Value : "";
                chip.Lines.Add(new GpioLine
                {
                    Offset = Number(info.Groups["offset"].Value),
                    Name = info.Groups["name"].Success ? info.Groups["name"].Value : "",
                    Consumer = consumer,
                    Used = info.Groups["consumer"].Success,
                });
            }
        }
        return chip;
    }

    private static uint Number(string digits) => uint.Parse(digits, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<chip>gpiochip\d+) \[(?<label>[^\]]*)\] \((?<count>\d+) lines\)", RegexOptions.Multiline)]
    private static partial Regex Detect();

    [GeneratedRegex(@"^(?<chip>gpiochip\d+) - \d+ lines:")]
    private static partial Regex ChipHeader();

    [GeneratedRegex(@"^\s+line\s+(?<offset>\d+):\s+(?:""(?<name>[^""]*)""|unnamed)\s.*?(?:consumer=""(?<consumer>[^""]*)"")?\s*$")]
    private static partial Regex Line();
}
