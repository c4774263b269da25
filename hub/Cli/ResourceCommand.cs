using System.CommandLine;
using PiController.Hub.Cli.Output;
using System.Text.Json;
using PiController.Hub.Api;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli;

/// <summary>
/// kubectl-like verbs for hardware resources: <c>get</c>, <c>apply -f</c>, <c>create</c>, <c>delete</c>. The
/// <c>gpio</c>, <c>pwm</c> and <c>i2c</c> verbs stay the direct, one-shot hardware operations.
/// </summary>
internal static class ResourceCommand
{
    public static IEnumerable<Command> Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect) =>
        [Get(connect), Apply(connect), ResourceCreateCommand.Build(connect), Delete(connect)];

    public static Argument<string> KindArgument() => new("kind") { Description = "gpio, pwm or i2c (GPIOPin, PWMController, I2CDevice)" };

    public static ResourceKind ParseKind(string text) =>
        ResourceKinds.Parse(text) ?? throw new CliException($"\"{text}\" is not a resource kind; use gpio, pwm or i2c");

    private static Command Get(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var kind = KindArgument();
        var name = new Argument<string?>("name") { Description = "one resource (default: all of the kind)", Arity = ArgumentArity.ZeroOrOne };
        var node = new Option<string?>("--node") { Description = "only resources on this node" };
        var selector = new Option<string?>("--selector", "-l") { Description = "only resources whose labels match (room=garage,tier!=test)" };
        var watch = new Option<bool>("--watch", "-w") { Description = "after the list, print a row each time one of them changes, until Ctrl-C" };
        var get = new Command("get", "show hardware resources with their status") { kind, name, node, selector, watch };
        var output = OutputOption.ForRead(get);
        get.SetAction(async (parse, ct) =>
        {
            var k = ParseKind(parse.GetValue(kind)!);
            var format = output.Read(parse);
            var printer = ResourceText.Printer(k);
            using var client = await connect(parse, ct).ConfigureAwait(false);
            async Task<IReadOnlyList<JsonElement>> ListAsync(CancellationToken token)
            {
                var all = await client.ListResourcesAsync(k, parse.GetValue(node), parse.GetValue(selector), token).ConfigureAwait(false);
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

    private static Command Apply(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var file = new Option<string>("--filename", "-f") { Description = "a JSON file with one resource document or an array of them (- for stdin)", Required = true };
        var apply = new Command("apply", "create or update the resources in a file (each document names its kind)") { file };
        var output = OutputOption.ForWrite(apply);
        apply.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var text = path == "-" ? await Console.In.ReadToEndAsync(ct).ConfigureAwait(false) : await CliFiles.ReadTextAsync(path, "--filename", ct).ConfigureAwait(false);
            JsonElement root;
            try
            {
                root = JsonSerializer.Deserialize(text, HubJsonContext.Default.JsonElement);
            }
            catch (JsonException e)
            {
                throw new CliException($"{path} is not JSON: {JsonBody.Describe(e, System.Text.Encoding.UTF8.GetBytes(text), null)}");
            }
            var documents = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            using var client = await connect(parse, ct).ConfigureAwait(false);
            foreach (var document in documents)
            {
                var kindText = document.ValueKind == JsonValueKind.Object && document.TryGetProperty("kind", out var k) ? k.GetString() : null;
                var kind = ParseKind(kindText ?? throw new CliException("every document needs \"kind\": GPIOPin, PWMController or I2CDevice"));
                var name = document.TryGetProperty("name", out var n) ? n.GetString() ?? "" : throw new CliException("every document needs a \"name\"");
                var existing = await client.ListResourcesAsync(kind, null, null, ct).ConfigureAwait(false);
                var exists = existing.EnumerateArray().Any(e => e.GetProperty("name").GetString() == name);
                var applied = exists
                    ? await client.ReplaceResourceAsync(kind, name, document, ct).ConfigureAwait(false)
                    : await client.CreateResourceAsync(kind, document, ct).ConfigureAwait(false);
                ResourceText.Printer(kind).PrintResult(output.Read(parse), applied, () => Terminal.WriteLine($"{kind.Name()}/{name} {(exists ? "configured" : "created")}"));
            }
            return 0;
        });
        return apply;
    }

    private static Command Delete(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var kind = KindArgument();
        var names = new Argument<string[]>("name") { Description = "resource name(s)", Arity = ArgumentArity.OneOrMore };
        var delete = new Command("delete", "delete resources; a pin returns to a safe state (input, no pull) unless its spec says onDelete: keep") { kind, names };
        var output = OutputOption.ForWrite(delete);
        delete.SetAction(async (parse, ct) =>
        {
            var k = ParseKind(parse.GetValue(kind)!);
            var changes = Change.PrinterOf(k.Name().ToLowerInvariant());
            using var client = await connect(parse, ct).ConfigureAwait(false);
            foreach (var name in parse.GetValue(names)!)
            {
                await client.DeleteResourceAsync(k, name, ct).ConfigureAwait(false);
                changes.PrintResult(output.Read(parse), new Change(k.Name(), name, "deleted"), () => Terminal.WriteLine($"{k.Name()}/{name} deleted"));
            }
            return 0;
        });
        return delete;
    }
}
