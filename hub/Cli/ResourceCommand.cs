using System.CommandLine;
using PiController.Hub.Cli.Output;
using System.Text.Json;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli;

/// <summary>
/// kubectl-like verbs for hardware resources: <c>get</c>, <c>apply -f</c>, <c>create</c>, <c>delete</c>, <c>diff</c>,
/// <c>describe</c>. The <c>gpio</c>, <c>pwm</c> and <c>i2c</c> verbs stay the direct, one-shot hardware operations.
/// </summary>
internal static class ResourceCommand
{
    public static IEnumerable<Command> Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect) =>
        [Get(connect), ApplyCommand.Build(connect), ResourceCreateCommand.Build(connect), DeleteCommand.Build(connect), DiffCommand.Build(connect),
            DescribeCommand.Build(connect)];

    public static Argument<string> KindArgument() => new("kind") { Description = "gpio, pwm or i2c (GPIOPin, PWMController, I2CDevice)" };

    public static ResourceKind ParseKind(string text) =>
        ResourceKinds.Parse(text) ?? throw new CliException($"\"{text}\" is not a resource kind; use gpio, pwm or i2c");

    private static Command Get(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var kind = KindArgument();
        var name = new Argument<string?>("name") { Description = "one resource (default: all of the kind)", Arity = ArgumentArity.ZeroOrOne };
        var node = new Option<string?>("--node") { Description = "only resources on this node" };
        var selector = new Option<string?>("--selector", "-l") { Description = "only resources whose own labels match (room=garage,tier!=test)" };
        var nodeSelector = new Option<string?>("--node-selector") { Description = "only resources placed on nodes whose labels match (room=porch)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "after the list, print a row each time one of them changes, until Ctrl-C" };
        var get = new Command("get", "show hardware resources with their status") { kind, name, node, selector, nodeSelector, watch };
        var output = OutputOption.ForRead(get);
        get.SetAction(async (parse, ct) =>
        {
            var k = ParseKind(parse.GetValue(kind)!);
            var format = output.Read(parse);
            var printer = ResourceText.Printer(k);
            using var client = await connect(parse, ct).ConfigureAwait(false);
            async Task<IReadOnlyList<JsonElement>> ListAsync(CancellationToken token)
            {
                var all = await client.ListResourcesAsync(k, parse.GetValue(node), parse.GetValue(selector), token, parse.GetValue(nodeSelector)).ConfigureAwait(false);
                return all.EnumerateArray().Where(r => parse.GetValue(name) is not { } one || r.GetProperty("name").GetString() == one).ToList();
            }
            if (parse.GetValue(watch))
            {
                await ResourceWatch.RunAsync(client, new WatchPrinter<JsonElement>(printer, format), ListAsync, ct).ConfigureAwait(false);
                return 0;
            }
            if (parse.GetValue(name) is { } single)
            {
                var document = await client.GetResourceAsync(k, single, ct).ConfigureAwait(false);
                if (format == OutputFormat.Table)
                {
                    Terminal.WriteLine(ResourceText.Describe(document));
                }
                else
                {
                    printer.PrintOne(format, document);
                }
                return 0;
            }
            printer.PrintList(format, await ListAsync(ct).ConfigureAwait(false), $"no {k.Name()} resources");
            return 0;
        });
        return get;
    }
}
