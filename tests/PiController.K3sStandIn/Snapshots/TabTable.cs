using System.Text;

namespace PiController.K3sStandIn.Snapshots;

/// <summary>
/// A table as Go's text/tabwriter prints it with K3s's settings (minwidth 0, padding 1, pad with spaces): every
/// column but the last padded to its widest cell plus one space; the last column is not padded.
/// </summary>
internal static class TabTable
{
    public static string Format(IReadOnlyList<string[]> rows)
    {
        var columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Where(r => c < r.Length).Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 1));
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
