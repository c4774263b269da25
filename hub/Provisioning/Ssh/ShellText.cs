using System.Text.RegularExpressions;

namespace PiController.Hub.Provisioning.Ssh;

/// <summary>Words for a POSIX shell: a plain word as it is, anything else in single quotes (a quote inside as <c>'\''</c>).</summary>
internal static partial class ShellText
{
    public static string Quote(string word) =>
        word.Length > 0 && PlainWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:=@%+,-]+$")]
    private static partial Regex PlainWord();
}
