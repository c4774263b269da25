namespace PiController.Hub.Cli;

/// <summary>
/// The unified diff of two texts, line by line, as <c>diff -u</c> prints it: hunks with <c>@@ -a,n +b,m @@</c>
/// headers, three lines of context, <c>-</c> for lines only in the first and <c>+</c> for lines only in the second.
/// Resource documents are a few dozen lines, so the plain longest-common-subsequence table is enough.
/// </summary>
internal static class UnifiedDiff
{
    public const int Context = 3;

    /// <summary>The hunks (no file headers); empty when the texts have the same lines.</summary>
    public static IReadOnlyList<string> Hunks(string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        var output = new List<string>();
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Op == ' ')
            {
                i++;
                continue;
            }
            // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change within reach.
            var start = Math.Max(0, i - Context);
            var end = i;
            for (var j = i; j < edits.Count; j++)
            {
                if (edits[j].Op != ' ')
                {
                    end = j;
                }
                else if (j - end > 2 * Context)
                {
                    break;
                }
            }
            end = Math.Min(edits.Count - 1, end + Context);
            var hunk = edits.Skip(start).Take(end - start + 1).ToList();
            var oldStart = hunk.First().OldLine;
            var newStart = hunk.First().NewLine;
            var oldCount = hunk.Count(e => e.Op != '+');
            var newCount = hunk.Count(e => e.Op != '-');
            output.Add($"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@");
            output.AddRange(hunk.Select(e => e.Op + e.Text));
            i = end + 1;
        }
        return output;
    }

    private static string Range(int start, int count) => count == 0 ? $"{start - 1},0" : count == 1 ? $"{start}" : $"{start},{count}";

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    /// <summary>Every line of both texts in order, marked ' ' (both), '-' (first only) or '+' (second only), with its 1-based line numbers.</summary>
    private static List<(char Op, string Text, int OldLine, int NewLine)> Edits(string[] a, string[] b)
    {
        var common = new int[a.Length + 1, b.Length + 1];
        for (var x = a.Length - 1; x >= 0; x--)
        {
            for (var y = b.Length - 1; y >= 0; y--)
            {
                common[x, y] = a[x] == b[y] ? common[x + 1, y + 1] + 1 : Math.Max(common[x + 1, y], common[x, y + 1]);
            }
        }
        var edits = new List<(char, string, int, int)>();
        int i = 0, k = 0;
        while (i < a.Length || k < b.Length)
        {
            if (i < a.Length && k < b.Length && a[i] == b[k])
            {
                edits.Add((' ', a[i], i + 1, k + 1));
                i++;
                k++;
            }
            else if (i < a.Length && (k == b.Length || common[i + 1, k] >= common[i, k + 1]))
            {
                edits.Add(('-', a[i], i + 1, k + 1));
                i++;
            }
            else
            {
                edits.Add(('+', b[k], i + 1, k + 1));
                k++;
            }
        }
        return edits;
    }
}
