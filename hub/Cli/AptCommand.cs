using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Packaging;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller apt add FILE.deb ...</c> and <c>apt ls</c>: the hub's apt repository, worked on in the data
/// directory (no running hub needed). A running hub re-indexes and re-signs on the next request it serves.
/// </summary>
internal static class AptCommand
{
    public static Command Build(Func<ParseResult, string> dataDirectory)
    {
        var apt = new Command("apt", "the apt repository the hub serves at /apt/ (Pis install pi-controller-agent from it)");

        var files = new Argument<string[]>("file") { Description = ".deb files to publish", Arity = ArgumentArity.OneOrMore };
        var add = new Command("add", "copy .deb files into the repository's pool; the hub indexes and signs them on its next apt request");
        add.Arguments.Add(files);
        var addOutput = OutputOption.ForWrite(add);
        add.SetAction(parse =>
        {
            using var repository = Open(parse, dataDirectory);
            var added = new List<AptPackageView>();
            foreach (var file in parse.GetValue(files)!)
            {
                if (Directory.Exists(file))
                {
                    throw new CliException($"{file} is a directory; name .deb files");
                }
                try
                {
                    var package = repository.Add(file);
                    added.Add(AptPackageView.From(package));
                    if (addOutput.Read(parse) == OutputFormat.Table)
                    {
                        Terminal.WriteLine($"added {package.Name} {package.Version} ({package.Architecture}) as {Path.Join(repository.Pool, package.PoolFileName)}");
                    }
                }
                catch (DebPackageException e)
                {
                    throw new CliException(e.Message);
                }
                catch (UnauthorizedAccessException e)
                {
                    throw new CliException($"{e.Message}: run as the hub's user (sudo -u pi-controller pi-controller apt add ...) or as root");
                }
                catch (IOException e)
                {
                    throw new CliException($"cannot add {file}: {e.Message}");
                }
            }
            if (addOutput.Read(parse) != OutputFormat.Table)
            {
                AptPackageView.Printer.PrintList(addOutput.Read(parse), added, "");
            }
            return 0;
        });

        var ls = new Command("ls", "list the packages in the repository's pool");
        ls.Aliases.Add("list");
        var lsOutput = OutputOption.ForRead(ls);
        ls.SetAction(parse =>
        {
            using var repository = Open(parse, dataDirectory);
            IReadOnlyList<DebPackage> packages;
            try
            {
                packages = repository.Packages();
            }
            catch (DebPackageException e)
            {
                throw new CliException(e.Message);
            }
            AptPackageView.Printer.PrintList(lsOutput.Read(parse), packages.Select(AptPackageView.From).ToList(),
                $"No packages in {repository.Pool}. Add one: pi-controller apt add FILE.deb");
            return 0;
        });

        apt.Subcommands.Add(add);
        apt.Subcommands.Add(ls);
        return apt;
    }

    private static AptRepository Open(ParseResult parse, Func<ParseResult, string> dataDirectory)
    {
        var data = Path.GetFullPath(dataDirectory(parse));
        // apt add and apt ls never sign; the key (and secret.key) is opened only if something does.
        return new AptRepository(Path.Join(data, "apt"), () => AptRepository.LoadKey(data, SecretBox.LoadOrCreate(data), TimeProvider.System),
            bundledPackages: null, TimeProvider.System);
    }
}
