using System.CommandLine;

namespace PiController.Hub.Cli.Output;

/// <summary>
/// The <c>-o, --output</c> option of a verb, with <c>--json</c> kept as an alias of <c>-o json</c>.
/// <para>How a verb uses it:</para>
/// <code>
/// var output = OutputOption.ForRead(command);            // or ForWrite(command): json|yaml|name, default the sentence
/// command.SetAction(async (parse, ct) =>
/// {
///     var format = output.Read(parse);
///     var list = await client.ListNodesAsync(ct);
///     NodePrinter.Printer.PrintList(format, list, "No nodes yet ...");   // an ObjectPrinter&lt;T&gt;: columns, kind, name, JSON
///     // a write verb: ResultPrinter.Print(format, printer, result, () => Terminal.WriteLine($"node {id} revoked"));
/// });
/// </code>
/// </summary>
internal sealed class OutputOption
{
    private readonly OutputFormat[] _allowed;

    private OutputOption(Command command, OutputFormat[] allowed, string description)
    {
        _allowed = allowed;
        Output = new Option<string?>("--output", "-o") { Description = description, HelpName = "format" };
        Output.CompletionSources.Add(allowed.Select(Text).ToArray());
        Output.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (value is not null && (Parse(value) is not { } format || !_allowed.Contains(format)))
            {
                result.AddError($"-o must be one of {string.Join(", ", _allowed.Select(Text))}; got \"{value}\"");
            }
        });
        Json = new Option<bool>("--json") { Description = "the same as -o json" };
        command.Options.Add(Output);
        command.Options.Add(Json);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Json) is { Implicit: false } && result.GetValue(Json) && result.GetResult(Output) is { Implicit: false })
            {
                result.AddError("give either -o or --json, not both");
            }
        });
    }

    public Option<string?> Output { get; }

    public Option<bool> Json { get; }

    /// <summary>A read verb (ls, get, show): table (default), wide, json, yaml, name.</summary>
    public static OutputOption ForRead(Command command, bool name = true) =>
        new(command, name ? [OutputFormat.Table, OutputFormat.Wide, OutputFormat.Json, OutputFormat.Yaml, OutputFormat.Name]
                          : [OutputFormat.Table, OutputFormat.Wide, OutputFormat.Json, OutputFormat.Yaml],
            "output format: table (default), wide (every column), json, yaml" + (name ? ", name (kind/name lines)" : ""));

    /// <summary>A write verb: a sentence by default; json, yaml or name print what the hub returned.</summary>
    public static OutputOption ForWrite(Command command, bool name = true) =>
        new(command, name ? [OutputFormat.Json, OutputFormat.Yaml, OutputFormat.Name] : [OutputFormat.Json, OutputFormat.Yaml],
            "print the result as json or yaml" + (name ? ", or name (kind/name lines)" : "") + " instead of a sentence");

    /// <summary>The format asked for; <see cref="OutputFormat.Table"/> when none was (a write verb's sentence).</summary>
    public OutputFormat Read(ParseResult parse) =>
        parse.GetValue(Json) ? OutputFormat.Json
        : parse.GetValue(Output) is { } text ? Parse(text) ?? OutputFormat.Table
        : OutputFormat.Table;

    public static string Text(OutputFormat format) => format.ToString().ToLowerInvariant();

    private static OutputFormat? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "table" => OutputFormat.Table,
        "wide" => OutputFormat.Wide,
        "json" => OutputFormat.Json,
        "yaml" or "yml" => OutputFormat.Yaml,
        "name" => OutputFormat.Name,
        _ => null,
    };
}
