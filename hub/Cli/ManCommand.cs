using System.CommandLine;
using PiController.Hub.Cli.Help;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller __man DIR</c>: writes the manual pages, pi-controller(1) and one per verb, from the command tree
/// (run by scripts/build-deb, so the packaged pages never go stale). Hidden: run by <see cref="CliMain"/> before
/// parsing, not a verb of the tree.
/// </summary>
internal static class ManCommand
{
    public const string Verb = "__man";

    public static int Run(RootCommand root, IReadOnlyList<string> arguments)
    {
        if (arguments.Count != 1)
        {
            throw new CliException("__man takes one argument: the directory to write the pages to");
        }
        var directory = arguments[0];
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var (name, text) in ManPages.Render(root))
            {
                File.WriteAllText(Path.Join(directory, name), text);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write the manual pages to {directory}: {e.Message}");
        }
        return 0;
    }
}
