using System.Text;
using System.Text.RegularExpressions;

namespace PiController.EndToEnd.Tests.Readme;

/// <summary>
/// Compares what a command printed with what the README shows, modulo what varies from run to run. Each rule
/// replaces what it matches with one example value, in the README's text and in the output alike:
/// <list type="bullet">
/// <item>identities, which the README shows as examples and the rewrite writes as examples: the node id
/// (<c>sim-</c> and 12 hex digits, <c>sim-0a1b2c3d4e5f</c>), the hub's port (<c>127.0.0.1:8443</c>), the data
/// directory (<c>.run/hub</c>), the machine's host name (<c>devbox</c>), API tokens (<c>pic_ID_SECRET</c>), join
/// tokens (<c>PIC1...</c>), and hex ids of 12, 16 and 64 digits (token ids, key digests, CA fingerprints);</item>
/// <item>values that change by themselves, which the rewrite keeps as printed: times (ISO 8601 and the audit's
/// <c>2026-01-01 00:00:00Z</c>), durations (<c>22s</c>, <c>2h51m</c>, <c>68.114 ms</c>), numbers with a decimal point
/// (measurements, percentages, sizes, load) and an event's id at the start of its line.</item>
/// </list>
/// Runs of spaces count as one (tables may be aligned differently), trailing blank lines are dropped, and in the
/// README a <c>...</c> in a line stands for any text, a line of only <c>...</c> for any number of lines.
/// </summary>
internal sealed class TutorialOutput
{
    public const string NodeExample = "sim-0a1b2c3d4e5f";

    private readonly List<(Regex Pattern, string Example, bool Identity)> _rules = [];

    public TutorialOutput(string dataDirectory, string hostName)
    {
        Identity(@"\bsim-[0-9a-f]{12}\b", NodeExample);
        Identity(@"(?<=127\.0\.0\.1:)\d+", "8443");
        Identity(Regex.Escape(dataDirectory.TrimEnd('/')), ".run/hub");
        if (hostName.Length >= 2)
        {
            Identity($@"(?<![\w.-]){Regex.Escape(hostName)}(?![\w-])", "devbox");
        }
        Identity(@"\bpic_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}", "pic_5e1f0c2d3a4b_ShownOnceKeepItSomewhereSafe0");
        Identity(@"\bPIC1[0-9a-f]{64}::[0-9a-f]{12}\.[0-9a-f]{32}\b", "PIC1" + new string('e', 64) + "::5e1f0c2d3a4b." + new string('0', 32));
        Identity(@"(?<![\w-])[0-9a-f]{64}(?![\w-])", new string('e', 64));
        Identity(@"(?<![\w-])[0-9a-f]{16}(?![\w-])", "3f9a0c1d2e4b5a69");
        Identity(@"(?<![\w-])(?=[0-9a-f]*\d)[0-9a-f]{12}(?![\w-])", "5e1f0c2d3a4b");
        Varying(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", "2026-01-01T00:00:00Z");
        Varying(@"(?m)^\s*\d+(?=\s+2026-01-01T00:00:00Z)", "1");
        Varying(@"\b\d+(?:\.\d+)?\s?(?:ms|s|m|h|d)(?:\d+(?:s|m|h))*\b", "1s");
        Varying(@"(?<![\w.])\d+\.\d+", "1.0");
    }

    private void Identity(string pattern, string example) => _rules.Add((new Regex(pattern, RegexOptions.CultureInvariant), example, true));

    private void Varying(string pattern, string example) => _rules.Add((new Regex(pattern, RegexOptions.CultureInvariant), example, false));

    /// <summary>Output as the README should show it: identities replaced by their examples, the rest as printed.</summary>
    public string AsShown(string text) => _rules.Where(r => r.Identity).Aggregate(text, (t, r) => r.Pattern.Replace(t, r.Example));

    /// <summary>The command as it runs here: the README's example node id is this run's.</summary>
    public static string ForThisRun(string command, string nodeId) => command.Replace(NodeExample, nodeId, StringComparison.Ordinal);

    /// <summary>The lines of a command's output, as the README would show them.</summary>
    public IReadOnlyList<string> Lines(string output)
    {
        var lines = AsShown(output.Replace("\r\n", "\n", StringComparison.Ordinal)).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }

    public bool LineMatches(string expected, string actual)
    {
        var e = Canonical(expected);
        var a = Canonical(actual);
        if (!e.Contains("...", StringComparison.Ordinal))
        {
            return e == a;
        }
        var parts = e.Split("...");
        var pattern = new StringBuilder("^");
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            pattern.Append(Regex.Escape(part.Trim()));
            if (i < parts.Length - 1)
            {
                // "a ... b" is "a b" or "a <anything> b"; at either end of the line the spaces go too.
                var before = part.Length > 0 && part.EndsWith(' ');
                var after = parts[i + 1].StartsWith(' ');
                pattern.Append(before && after ? "(?: | .* )" : before ? "(?: .*)?" : after ? "(?:.* )?" : ".*");
            }
        }
        return Regex.IsMatch(a, pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>True when the output's lines are what the README shows (a line of only "..." is any number of lines).</summary>
    public bool Matches(IReadOnlyList<string> expected, IReadOnlyList<string> actual) => Matches(expected, 0, actual, 0);

    private bool Matches(IReadOnlyList<string> expected, int e, IReadOnlyList<string> actual, int a)
    {
        if (e == expected.Count)
        {
            return a == actual.Count;
        }
        if (expected[e].Trim() == "...")
        {
            for (var skip = a; skip <= actual.Count; skip++)
            {
                if (Matches(expected, e + 1, actual, skip))
                {
                    return true;
                }
            }
            return false;
        }
        return a < actual.Count && LineMatches(expected[e], actual[a]) && Matches(expected, e + 1, actual, a + 1);
    }

    /// <summary>
    /// The README's lines for a new output: a line the README has already and that still matches the output line
    /// at its place is kept as written (its hand-made "..." and alignment); any other line is the output's.
    /// </summary>
    public IReadOnlyList<string> Merge(IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
        Matches(expected, actual) ? expected
            : [.. actual.Select((line, i) => i < expected.Count && expected[i].Trim() != "..." && LineMatches(expected[i], line) ? expected[i] : line)];

    private string Canonical(string line)
    {
        var text = _rules.Aggregate(line, (t, r) => r.Pattern.Replace(t, r.Example));
        return Regex.Replace(text, @"\s+", " ").Trim();
    }
}
