namespace PiController.Hub.Cli.Help;

/// <summary>The verb a mistyped word most likely meant: the nearest by edit distance (a swap of two letters counts as one edit).</summary>
internal static class CommandSuggestion
{
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(word.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        // At most a third of the word wrong (and at least one edit allowed); past that a guess misleads more than it helps.
        var allowed = Math.Max(1, word.Length / 3);
        return best.Name is not null && best.Distance <= allowed || best.Name is not null && best.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase) && word.Length >= 2
            ? best.Name
            : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
