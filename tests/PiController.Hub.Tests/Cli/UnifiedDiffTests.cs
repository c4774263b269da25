using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Cli;

/// <summary>Unified diffs as diff -u prints them.</summary>
public sealed class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_have_no_hunks()
    {
        Assert.Empty(UnifiedDiff.Hunks("a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void A_changed_line_is_shown_with_three_lines_of_context_removed_first()
    {
        var before = string.Join('\n', Enumerable.Range(1, 12).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 6\n", "line six\n", StringComparison.Ordinal);

        Assert.Equal(["@@ -3,7 +3,7 @@", " line 3", " line 4", " line 5", "-line 6", "+line six", " line 7", " line 8", " line 9"],
            UnifiedDiff.Hunks(before, after));
    }

    [Fact]
    public void Changes_far_apart_make_two_hunks_and_a_new_text_is_all_added()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"{i}")) + "\n";
        var after = before.Replace("\n2\n", "\ntwo\n", StringComparison.Ordinal).Replace("\n19\n", "\nnineteen\n", StringComparison.Ordinal);

        Assert.Equal(2, UnifiedDiff.Hunks(before, after).Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Equal(["@@ -0,0 +1,2 @@", "+a", "+b"], UnifiedDiff.Hunks("", "a\nb\n"));
    }
}
