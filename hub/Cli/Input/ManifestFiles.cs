namespace PiController.Hub.Cli.Input;

/// <summary>
/// What <c>-f</c> names, read into texts: a file, a directory (its *.yaml, *.yml and *.json files in name order;
/// with <c>-R</c> its subdirectories too) or <c>-</c> for standard input. Everything is read before anything is
/// parsed, and nothing is sent before everything is parsed.
/// </summary>
internal static class ManifestFiles
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static async Task<IReadOnlyList<ManifestText>> ReadAsync(IReadOnlyList<string> paths, bool recursive, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            throw new CliException("name the files with -f FILE, -f DIRECTORY or -f - (standard input)");
        }
        if (paths.Count(p => p == "-") > 1)
        {
            throw new CliException("-f - (standard input) can be given once");
        }
        var texts = new List<ManifestText>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                texts.Add(new ManifestText("standard input", await TerminalInput.Reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), null));
                continue;
            }
            if (!Directory.Exists(path))
            {
                texts.Add(new ManifestText(path, await CliFiles.ReadTextAsync(path, "-f", cancellationToken).ConfigureAwait(false), IsJson(path)));
                continue;
            }
            var files = InDirectory(path, recursive);
            if (files.Count == 0)
            {
                throw new CliException($"-f {path}: the directory has no .yaml, .yml or .json files{(recursive ? "" : " (add -R to look in its subdirectories)")}");
            }
            foreach (var file in files)
            {
                texts.Add(new ManifestText(file, await CliFiles.ReadTextAsync(file, "-f", cancellationToken).ConfigureAwait(false), IsJson(file)));
            }
        }
        return texts;
    }

    private static List<string> InDirectory(string directory, bool recursive)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"-f {directory} cannot be read: {e.Message}");
        }
    }

    private static bool IsJson(string path) => string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One input's text and where it came from; <c>Json</c> is null when the name does not say (standard input).</summary>
internal sealed record ManifestText(string Source, string Text, bool? Json);
