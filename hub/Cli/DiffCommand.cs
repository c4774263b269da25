using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using PiController.Hub.Cli.Input;
using PiController.Hub.Cli.Output;

namespace PiController.Hub.Cli;

/// <summary>
/// <c>pi-controller diff -f FILE|DIR|- [-R]</c>, as kubectl diff: for each document, the resource as it is (live)
/// against what applying the file would make of it (the hub's server-side dry run), as a unified diff of their
/// YAML. Exit 0 when nothing would change, 1 when something would, 2 on an error (the hub's status, which only it
/// sets, and the times are left out).
/// </summary>
internal static class DiffCommand
{
    public const int Differences = 1;
    public const int Failed = 2;

    private static readonly string[] HubFields = ["status", "createdAt", "updatedAt"];

    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var files = new ManifestOptions();
        var diff = new Command("diff", "show what apply -f would change, as a unified diff (exit 0: nothing, 1: changes, 2: error)");
        files.AddTo(diff);
        diff.Validators.Add(result =>
        {
            if (result.GetValue(files.Files) is not { Length: > 0 })
            {
                result.AddError("name the files with -f FILE, -f DIRECTORY or -f - (standard input)");
            }
        });
        diff.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(connect, parse, files, ct).ConfigureAwait(false);
            }
            catch (CliException e)
            {
                Terminal.Error($"pi-controller: {e.Message}");
                return Failed;
            }
        });
        return diff;
    }

    private static async Task<int> RunAsync(Func<ParseResult, CancellationToken, Task<HubClient>> connect, ParseResult parse, ManifestOptions files, CancellationToken ct)
    {
        var manifests = await files.ReadAsync(parse, ct).ConfigureAwait(false);
        using var client = await connect(parse, ct).ConfigureAwait(false);
        var colour = Coloured();
        var changed = false;
        foreach (var manifest in manifests)
        {
            var live = await LiveAsync(client, manifest, ct).ConfigureAwait(false);
            JsonElement merged;
            try
            {
                merged = (await client.ApplyResourceAsync(manifest.Kind, manifest.Document, dryRun: true, ct).ConfigureAwait(false)).GetProperty("resource");
            }
            catch (CliException e)
            {
                throw new CliException($"{manifest.Reference} ({manifest.Where}): {e.Message}");
            }
            var hunks = UnifiedDiff.Hunks(live is { } l ? YamlText.Write(Comparable(l)) : "", YamlText.Write(Comparable(merged)));
            if (hunks.Count == 0)
            {
                continue;
            }
            changed = true;
            Terminal.WriteLine($"diff -u -N live/{manifest.Reference} merged/{manifest.Reference}");
            Terminal.WriteLine($"--- live/{manifest.Reference}");
            Terminal.WriteLine($"+++ merged/{manifest.Reference}");
            foreach (var line in hunks)
            {
                Print(line, colour);
            }
        }
        return changed ? Differences : 0;
    }

    private static async Task<JsonElement?> LiveAsync(HubClient client, Manifest manifest, CancellationToken ct)
    {
        try
        {
            return await client.GetResourceAsync(manifest.Kind, manifest.Name, ct).ConfigureAwait(false);
        }
        catch (CliException e) when (e.NotFound)
        {
            return null;
        }
    }

    /// <summary>The document without what only the hub sets and changes on its own (status, times).</summary>
    private static JsonElement Comparable(JsonElement document)
    {
        var o = (JsonObject)JsonNode.Parse(document.GetRawText())!;
        foreach (var field in HubFields)
        {
            o.Remove(field);
        }
        using var json = JsonDocument.Parse(o.ToJsonString());
        return json.RootElement.Clone();
    }

    private static void Print(string line, bool colour)
    {
        if (!colour || line[0] == ' ')
        {
            Terminal.WriteLine($"{line}");
        }
        else if (line[0] == '-')
        {
            Terminal.WriteLine($"\u001b[31m{line}\u001b[0m");
        }
        else if (line[0] == '+')
        {
            Terminal.WriteLine($"\u001b[32m{line}\u001b[0m");
        }
        else
        {
            Terminal.WriteLine($"\u001b[36m{line}\u001b[0m");
        }
    }

    /// <summary>Colour only on a terminal, and not when NO_COLOR is set (no-color.org).</summary>
    private static bool Coloured() =>
        Terminal.IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
