using System.CommandLine;
using PiController.Hub.Cli.Input;

namespace PiController.Hub.Cli;

/// <summary>The file options that <c>apply</c>, <c>delete</c> and <c>diff</c> share, as kubectl has them: <c>-f</c> (repeatable) and <c>-R</c>.</summary>
internal sealed class ManifestOptions
{
    public Option<string[]> Files { get; } = new("--filename", "-f")
    {
        Description = "a YAML or JSON file, a directory of them, or - for standard input (repeatable)",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<bool> Recursive { get; } = new("--recursive", "-R") { Description = "with -f DIRECTORY, read its subdirectories too" };

    public void AddTo(Command command)
    {
        command.Options.Add(Files);
        command.Options.Add(Recursive);
    }

    public bool Given(ParseResult parse) => parse.GetValue(Files) is { Length: > 0 };

    /// <summary>Every document of every file, parsed and checked; any problem is an error before anything is sent.</summary>
    public async Task<IReadOnlyList<Manifest>> ReadAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ManifestReader.Read(await ManifestFiles.ReadAsync(parse.GetValue(Files) ?? [], parse.GetValue(Recursive), cancellationToken).ConfigureAwait(false));
}
