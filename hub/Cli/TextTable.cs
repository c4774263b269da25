using System.Globalization;
using System.Text;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>
/// Left-aligned columns separated by two spaces, for the CLI's list commands. Every cell is escaped
/// (<see cref="PrintableText.Escape(string?)"/>): a cell cannot break its row, move the cursor or reorder the line.
/// </summary>
internal static class TextTable
{
    public static string Render(string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.Prepend(header).Select(row => row.Select(PrintableText.Escape).ToArray()).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>A time in UTC, ISO 8601, to the second (2025-06-01T12:00:00Z) or with <paramref name="fraction"/> the millisecond.</summary>
    public static string Time(DateTimeOffset? time, string none = "never", bool fraction = false) =>
        time is { } t ? t.UtcDateTime.ToString(fraction ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : none;
}
