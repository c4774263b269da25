using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller delete KIND NAME...</c> or <c>delete -f FILE|DIR|- [-R]</c>: the resources named, or those the
/// documents name. One that does not exist is an error after the others are deleted, unless
/// <c>--ignore-not-found</c>.
/// </summary>
internal static class DeleteCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var kind = new Argument<string?>("kind") { Description = "gpio, pwm or i2c (GPIOPin, PWMController, I2CDevice)", Arity = ArgumentArity.ZeroOrOne };
        var names = new Argument<string[]>("name") { Description = "resource name(s)", Arity = ArgumentArity.ZeroOrMore };
        var files = new ManifestOptions();
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "a resource that does not exist is not an error" };
        var delete = new Command("delete", "delete resources by name or as files name them; a pin returns to a safe state (input, no pull) unless its spec says onDelete: keep")
        {
            kind, names, ignoreNotFound,
        };
        files.AddTo(delete);
        var output = OutputOption.ForWrite(delete);
        delete.Validators.Add(result =>
        {
            var byName = result.GetValue(kind) is not null;
            var byFile = result.GetValue(files.Files) is { Length: > 0 };
            if (byName == byFile)
            {
                result.AddError("name the resources either as KIND NAME... or with -f FILE|DIRECTORY|-, not both");
            }
            else if (byName && result.GetValue(names) is not { Length: > 0 })
            {
                result.AddError("name at least one resource after the kind: delete gpio NAME...");
            }
        });
        delete.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<(ResourceKind Kind, string Name)> targets = files.Given(parse)
                ? [.. (await files.ReadAsync(parse, ct).ConfigureAwait(false)).Select(m => (m.Kind, m.Name))]
                : [.. parse.GetValue(names)!.Select(n => (ResourceCommand.ParseKind(parse.GetValue(kind)!), n))];
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var missing = new List<string>();
            foreach (var (k, name) in targets)
            {
                var reference = $"{k.Name().ToLowerInvariant()}/{name}";
                try
                {
                    await client.DeleteResourceAsync(k, name, ct).ConfigureAwait(false);
                    Change.PrinterOf(k.Name().ToLowerInvariant()).PrintResult(output.Read(parse), new Change(k.Name(), name, "deleted"),
                        () => Terminal.WriteLine($"{reference} deleted"));
                }
                catch (CliException e) when (e.NotFound)
                {
                    if (!parse.GetValue(ignoreNotFound))
                    {
                        missing.Add(reference);
                    }
                }
            }
            return missing.Count == 0 ? 0
                : throw new CliException($"{string.Join(", ", missing)} not found; nothing to delete there (--ignore-not-found makes this no error)");
        });
        return delete;
    }
}
