using System.CommandLine;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller completion bash|zsh|fish</c> prints a script for the shell; the script asks the hidden
/// <c>pi-controller __complete WORD...</c> for the candidates at the cursor (as cobra-based tools do), so the
/// completions always follow the command tree: verbs, options, option values and, from the hub, node ids and
/// resource names (<see cref="CompletionSources"/>).
/// </summary>
internal static class CompletionCommand
{
    public const string Verb = "__complete";

    public static void AddTo(RootCommand root)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var completion = new Command("completion", "print the shell completion script for bash, zsh or fish") { shell };
        completion.SetAction(parse =>
        {
            Terminal.Write(CompletionScripts.For(parse.GetValue(shell)!));
            return 0;
        });
        root.Subcommands.Add(completion);
    }

    /// <summary>
    /// <c>pi-controller __complete WORD...</c>: run by <see cref="CliMain"/> before parsing, since the words are a
    /// command line of their own (with options such as --hub that would otherwise be read as __complete's).
    /// </summary>
    public static int Run(RootCommand root, IReadOnlyList<string> words)
    {
        IReadOnlyList<string> candidates;
        try
        {
            candidates = Complete(root, words);
        }
#pragma warning disable CA1031 // Whatever goes wrong, the shell gets no candidates rather than an error in the line being typed.
        catch (Exception)
#pragma warning restore CA1031
        {
            return 0;
        }
        foreach (var candidate in candidates)
        {
            Terminal.WriteLine(candidate);
        }
        return 0;
    }

    /// <summary>The candidates for the last of <paramref name="words"/> (empty: a new word), given the ones before it.</summary>
    public static IReadOnlyList<string> Complete(RootCommand root, IReadOnlyList<string> words)
    {
        var partial = words.Count == 0 ? "" : words[^1];
        var before = string.Join(' ', words.Take(words.Count - 1).Select(Quote));
        var line = before.Length == 0 ? Quote(partial) : before + " " + Quote(partial);
        var parse = root.Parse(line);
        using var hub = CompletionSources.Enable();
        // Options only once a dash is typed, and only in their spelled-out form (no -?, /? or /h), as cobra does.
        return parse.GetCompletions(line.Length)
            .Select(c => c.InsertText ?? c.Label)
            .Where(c => c.StartsWith(partial, StringComparison.Ordinal) && !c.StartsWith("__", StringComparison.Ordinal) && !c.StartsWith('/')
                        && (partial.StartsWith('-') ? c.StartsWith("--", StringComparison.Ordinal) || partial.Length > 1 && !partial.StartsWith("--", StringComparison.Ordinal) : !c.StartsWith('-')))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static string Quote(string word) =>
        !word.Any(c => char.IsWhiteSpace(c) || c == '"') ? word : "\"" + word.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
