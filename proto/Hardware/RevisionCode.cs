using System.Globalization;

namespace PiController.Protocol.Hardware;

/// <summary>
/// A Raspberry Pi revision code (the Revision line of /proc/cpuinfo). New-style codes (bit 23 set, every board
/// since the Pi 2) are a bit field, NOQuuuWuFMMMCCCCPPPPTTTTTTTTRRRR, decoded here with the table of the Raspberry
/// Pi documentation ("Raspberry Pi revision codes"). A field whose value the table does not list stays null:
/// a board newer than this table is reported as an unknown type, never as the nearest known one.
/// Shared: the agent decodes the board it runs on, the hub's provisioning preflight decodes the code a node reports.
/// </summary>
public readonly record struct RevisionCode(uint Value)
{
    private static readonly Dictionary<uint, string> Types = new()
    {
        [0x00] = "A", [0x01] = "B", [0x02] = "A+", [0x03] = "B+", [0x04] = "2B", [0x05] = "Alpha", [0x06] = "CM1",
        [0x08] = "3B", [0x09] = "Zero", [0x0a] = "CM3", [0x0c] = "Zero W", [0x0d] = "3B+", [0x0e] = "3A+",
        [0x10] = "CM3+", [0x11] = "4B", [0x12] = "Zero 2 W", [0x13] = "400", [0x14] = "CM4", [0x15] = "CM4S",
        [0x17] = "5", [0x18] = "CM5", [0x19] = "500", [0x1a] = "CM5 Lite", [0x1b] = "CM0",
        // 0x0f and 0x16 are "internal use only" in the table: known codes, but no board to name.
    };

    // Code 7 is "other": the size is in a firmware parameter, not in the code.
    private static readonly uint[] MemoryMegabytesByCode = [256, 512, 1024, 2048, 4096, 8192, 16384];

    private static readonly string[] Manufacturers = ["Sony UK", "Egoman", "Embest", "Sony Japan", "Embest", "Stadium"];

    private static readonly string[] Processors = ["BCM2835", "BCM2836", "BCM2837", "BCM2711", "BCM2712"];

    /// <summary>True for a new-style code; old-style codes (0002-0015, the first Pi 1 boards) are not bit fields.</summary>
    public bool IsNewStyle => (Value & (1u << 23)) != 0;

    public uint TypeCode => (Value >> 4) & 0xff;

    public string? Type => IsNewStyle && Types.TryGetValue(TypeCode, out var name) ? name : null;

    /// <summary>The board revision as the table prints it: "1." followed by bits 0-3.</summary>
    public string? Revision => IsNewStyle ? $"1.{Value & 0xf}" : null;

    public uint? MemoryMegabytes => IsNewStyle && ((Value >> 20) & 0x7) is var code && code < MemoryMegabytesByCode.Length
        ? MemoryMegabytesByCode[code]
        : null;

    public string? Manufacturer => IsNewStyle && ((Value >> 16) & 0xf) is var code && code < Manufacturers.Length
        ? Manufacturers[code]
        : null;

    public string? Processor => IsNewStyle && ((Value >> 12) & 0xf) is var code && code < Processors.Length
        ? Processors[code]
        : null;

    /// <summary>Parses the hex text of the Revision line ("c03114", "0xc03114"); null when it is not hex.</summary>
    public static RevisionCode? Parse(string? text)
    {
        var hex = text?.Trim();
        if (hex is not null && hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[2..];
        }
        return hex is { Length: > 0 and <= 8 } && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? new RevisionCode(value)
            : null;
    }

    public override string ToString() => Value.ToString("x6", CultureInfo.InvariantCulture);
}
