using System.CommandLine;
using PiController.Hub.Cli.Output;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller apply -f FILE|DIR|- [-R] [--dry-run=client|server]</c>: every document of every file is read and
/// checked first (nothing is sent when one is wrong); then each is applied and the hub says what it did:
/// <c>gpiopin/led created</c>, <c>configured</c> or <c>unchanged</c>.
/// </summary>
internal static class ApplyCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var files = new ManifestOptions();
        var dryRun = DryRunOption.Create();
        var apply = new Command("apply", "create or change the resources that YAML or JSON files describe (GPIOPin, PWMController, I2CDevice)");
        files.AddTo(apply);
        apply.Options.Add(dryRun);
        var output = OutputOption.ForWrite(apply);
        apply.Validators.Add(result =>
        {
            if (result.GetValue(files.Files) is not { Length: > 0 })
            {
                result.AddError("name the files with -f FILE, -f DIRECTORY or -f - (standard input)");
            }
        });
        apply.SetAction(async (parse, ct) =>
        {
            var manifests = await files.ReadAsync(parse, ct).ConfigureAwait(false);
            var mode = parse.GetValue(dryRun)!;
            if (mode == DryRunOption.Client)
            {
                foreach (var manifest in manifests)
                {
                    ResourceText.Printer(manifest.Kind).PrintResult(output.Read(parse), manifest.Document,
                        () => Terminal.WriteLine($"{manifest.Reference} checked{DryRunOption.Suffix(mode)}"));
                }
                return 0;
            }
            using var client = await connect(parse, ct).ConfigureAwait(false);
            foreach (var manifest in manifests)
            {
                System.Text.Json.JsonElement answer;
                try
                {
                    answer = await client.ApplyResourceAsync(manifest.Kind, manifest.Document, mode == DryRunOption.Server, ct).ConfigureAwait(false);
                }
                catch (CliException e)
                {
                    throw new CliException($"{manifest.Reference} ({manifest.Where}): {e.Message}");
                }
                ResourceText.Printer(manifest.Kind).PrintResult(output.Read(parse), answer.GetProperty("resource"),
                    () => Terminal.WriteLine($"{manifest.Reference} {answer.GetProperty("result").GetString()}{DryRunOption.Suffix(mode)}"));
            }
            return 0;
        });
        return apply;
    }
}
