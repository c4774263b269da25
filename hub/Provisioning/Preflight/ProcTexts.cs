using System.Globalization;

namespace PiController.Hub.Provisioning.Preflight;

/// <summary>Small texts of /proc: memory and swap.</summary>
internal static class ProcTexts
{
    /// <summary>MemTotal of /proc/meminfo in MiB; null when absent.</summary>
    public static uint? MemTotalMegabytes(string? meminfo)
    {
        var line = meminfo?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var fields = line?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 2 } && ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes)
            ? (uint)(kilobytes / 1024)
            : null;
    }

    /// <summary>The swap areas of /proc/swaps (file or partition names), the header left out.</summary>
    public static IReadOnlyList<string> SwapAreas(string swaps) => swaps.Split('\n')
        .Skip(1)
        .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        .Where(f => f.Length >= 3)
        .Select(f => f[0])
        .ToList();
}
