namespace PiController.Hub.Discovery;

/// <summary>
/// The IEEE MAC prefixes (OUIs) assigned to the Raspberry Pi Foundation and Raspberry Pi (Trading) Ltd. B8:27:EB,
/// DC:A6:32, E4:5F:01 and 28:CD:C1 are in the IEEE registry as Debian's ieee-data ships it; D8:3A:DD (Pi 5, CM4
/// later batches) and 2C:CF:67 (Pi 5, 2023) are later assignments to Raspberry Pi (Trading) Ltd. A Pi using a USB
/// Ethernet or Wi-Fi adapter shows that adapter's maker instead, so a miss here proves nothing.
/// </summary>
internal static class RaspberryPiMac
{
    private static readonly Dictionary<string, string> Prefixes = new(StringComparer.Ordinal)
    {
        ["b8:27:eb"] = "Raspberry Pi Foundation",
        ["dc:a6:32"] = "Raspberry Pi Trading Ltd",
        ["e4:5f:01"] = "Raspberry Pi Trading Ltd",
        ["28:cd:c1"] = "Raspberry Pi Trading Ltd",
        ["d8:3a:dd"] = "Raspberry Pi Trading Ltd",
        ["2c:cf:67"] = "Raspberry Pi (Trading) Ltd",
    };

    public static IReadOnlyCollection<string> All => Prefixes.Keys;

    /// <summary>The assignee when <paramref name="mac"/> (any common notation) has a Raspberry Pi prefix, else null.</summary>
    public static string? Maker(string? mac) =>
        Normalize(mac) is { } normal && Prefixes.TryGetValue(normal[..8], out var maker) ? maker : null;

    public static bool IsRaspberryPi(string? mac) => Maker(mac) is not null;

    /// <summary>"B8-27-EB-01-02-03", "b827.eb01.0203" or "b827eb010203" as "b8:27:eb:01:02:03"; null when not a 48-bit MAC.</summary>
    public static string? Normalize(string? mac)
    {
        if (mac is null)
        {
            return null;
        }
        Span<char> hex = stackalloc char[12];
        var n = 0;
        foreach (var c in mac)
        {
            if (char.IsAsciiHexDigit(c))
            {
                if (n == 12)
                {
                    return null;
                }
                hex[n++] = char.ToLowerInvariant(c);
            }
            else if (c is not (':' or '-' or '.'))
            {
                return null;
            }
        }
        if (n != 12)
        {
            return null;
        }
        return string.Create(17, hex.ToString(), (span, h) =>
        {
            for (var i = 0; i < 6; i++)
            {
                span[i * 3] = h[i * 2];
                span[i * 3 + 1] = h[i * 2 + 1];
                if (i < 5)
                {
                    span[i * 3 + 2] = ':';
                }
            }
        });
    }
}
