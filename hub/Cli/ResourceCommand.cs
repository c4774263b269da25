using System.CommandLine;
using System.Text.Json;
using PiController.Hub.Resources;
using static PiController.Hub.Cli.HardwareCommandParts;

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
        var json = Json();
        var get = new Command("get", "show hardware resources with their status") { kind, name, node, selector, nodeSelector, json };
        get.SetAction(async (parse, ct) =>
        {
            var k = ParseKind(parse.GetValue(kind)!);
            using var client = await connect(parse, ct).ConfigureAwait(false);
            if (parse.GetValue(name) is { } one)
            {
                var document = await client.GetResourceAsync(k, one, ct).ConfigureAwait(false);
                Terminal.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(document, HubJsonContext.Default.JsonElement) : ResourceText.Describe(document));
                return 0;
            }
            var list = await client.ListResourcesAsync(k, parse.GetValue(node), parse.GetValue(selector), ct, parse.GetValue(nodeSelector)).ConfigureAwait(false);
            Terminal.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(list, HubJsonContext.Default.JsonElement) : ResourceText.Table(k, list));
            return 0;
        });
        return get;
    }
}
