namespace PiController.EndToEnd.Tests.Readme;

/// <summary>One command of the README's tutorial and the output the README shows for it.</summary>
internal sealed record TutorialStep(string Command, IReadOnlyList<string> Expected, int Line, int OutputStart)
{
    /// <summary>The README shows a failing command by its error line ("pi-controller: Refused: ...").</summary>
    public bool ExpectsFailure => Expected.Count > 0 && Expected[0].StartsWith("pi-controller:", StringComparison.Ordinal);

    public override string ToString() => $"README.md:{Line}: $ {Command}";
}

/// <summary>
/// The tutorial's commands as the README writes them: fenced <c>```console</c> blocks in which a line starting with
/// <c>$ </c> is a command and the lines after it, up to the next command or the end of the block, are its output.
/// Other blocks (<c>```sh</c>) are for reading only. <see cref="Rewrite"/> puts new outputs in place of the old ones.
/// </summary>
internal sealed class ReadmeTutorial
{
    private const string Prompt = "$ ";

    private ReadmeTutorial(IReadOnlyList<string> lines, IReadOnlyList<TutorialStep> steps)
    {
        Lines = lines;
        Steps = steps;
    }

    public IReadOnlyList<string> Lines { get; }

    public IReadOnlyList<TutorialStep> Steps { get; }

    public static ReadmeTutorial Parse(string text)
    {
        var lines = text.Split('\n');
        var steps = new List<TutorialStep>();
        var inConsole = false;
        string? command = null;
        var commandLine = 0;
        var outputStart = 0;
        var output = new List<string>();
        void Close()
        {
            if (command is not null)
            {
                steps.Add(new TutorialStep(command, [.. output], commandLine, outputStart));
            }
            command = null;
            output.Clear();
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!inConsole)
            {
                inConsole = line.Trim() == "```console";
                continue;
            }
            if (line.Trim() == "```")
            {
                Close();
                inConsole = false;
            }
            else if (line.StartsWith(Prompt, StringComparison.Ordinal))
            {
                Close();
                command = line[Prompt.Length..].Trim();
                commandLine = i + 1;
                outputStart = i + 1;
            }
            else if (command is not null)
            {
                output.Add(line);
            }
        }
        if (inConsole)
        {
            throw new InvalidOperationException("README.md: a ```console block is not closed");
        }
        return new ReadmeTutorial(lines, steps);
    }

    /// <summary>The README's text with each given step's output replaced (steps not given keep theirs).</summary>
    public string Rewrite(IReadOnlyDictionary<TutorialStep, IReadOnlyList<string>> outputs)
    {
        var lines = Lines.ToList();
        foreach (var (step, output) in outputs.OrderByDescending(o => o.Key.OutputStart))
        {
            lines.RemoveRange(step.OutputStart, step.Expected.Count);
            lines.InsertRange(step.OutputStart, output);
        }
        return string.Join('\n', lines);
    }
}
