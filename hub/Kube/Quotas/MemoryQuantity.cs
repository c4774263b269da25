using System.Globalization;

namespace PiController.Hub.Kube.Quotas;

/// <summary>
/// Memory as Kubernetes writes quantities: a whole number with a binary (Ki, Mi, Gi, Ti) or decimal (k, M, G, T)
/// suffix, or bytes. Compared by value, never by text: the API server rewrites "2048Mi" as "2Gi".
/// </summary>
internal static class MemoryQuantity
{
    public const long Mebibyte = 1024 * 1024;

    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("Ki", 1024), ("Mi", Mebibyte), ("Gi", 1024 * Mebibyte), ("Ti", 1024L * 1024 * Mebibyte),
        ("k", 1000), ("M", 1000_000), ("G", 1000_000_000), ("T", 1000_000_000_000),
    ];

    /// <summary>The bytes of <paramref name="text"/>, or null when it is not a memory quantity (fractions included: "1.5Gi" is 1536Mi).</summary>
    public static long? Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var (number, factor) = Suffixes.Where(s => text.EndsWith(s.Suffix, StringComparison.Ordinal)).Select(s => (text[..^s.Suffix.Length], s.Factor))
            .FirstOrDefault((text, 1L));
        if (number.Length == 0 || !number.All(c => char.IsAsciiDigit(c) || c == '.')
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value > long.MaxValue / factor)
        {
            return null;
        }
        return (long)decimal.Floor(value * factor);
    }

    /// <summary>Whole mebibytes ("1536Mi"), rounded down: what the hub writes.</summary>
    public static string Format(long bytes) => $"{bytes / Mebibyte}Mi";
}
