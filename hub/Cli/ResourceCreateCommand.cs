using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Resources;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller create gpio|pwm|i2c NAME ...</c>: a resource from flags, without a file.</summary>
internal static class ResourceCreateCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var create = new Command("create", "create a hardware resource from flags (apply -f takes files)");
        create.Subcommands.Add(Gpio(connect));
        create.Subcommands.Add(Pwm(connect));
        create.Subcommands.Add(I2c(connect));
        return create;
    }

    private sealed record Common(Argument<string> Name, Option<string?> Node, Option<string?> Selector, Option<string[]> Labels, Option<string?> OnDelete, Option<string> DryRun)
    {
        public OutputOption Output { get; set; } = null!;
    }

    private static Common Shared(Command command)
    {
        var common = new Common(
            new Argument<string>("name") { Description = "resource name (a DNS label: porch-light)" },
            new Option<string?>("--node") { Description = "node id" },
            new Option<string?>("--selector") { Description = "node label selector matching exactly one node (room=garage)" },
            new Option<string[]>("--label", "-L") { Description = "resource label key=value (repeatable)", AllowMultipleArgumentsPerToken = true },
            new Option<string?>("--on-delete") { Description = "release (default: the pin goes back to a safe state) or keep" },
            DryRunOption.Create());
        command.Arguments.Add(common.Name);
        command.Options.Add(common.Node);
        command.Options.Add(common.Selector);
        command.Options.Add(common.Labels);
        command.Options.Add(common.OnDelete);
        command.Options.Add(common.DryRun);
        common.Output = OutputOption.ForWrite(command);
        return common;
    }

    private static Command Gpio(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var command = new Command("gpio", "a GPIOPin");
        var common = Shared(command);
        var pin = new Option<string>("--pin") { Description = "BCM number (17, GPIO17) or header position (P11)", Required = true };
        var mode = new Option<string>("--mode") { Description = "input or output", Required = true };
        var value = new Option<string?>("--value") { Description = "outputs: high or low" };
        var pull = new Option<string?>("--pull") { Description = "inputs: up, down or none" };
        var edge = new Option<string?>("--edge") { Description = "inputs: rising, falling or both" };
        var debounce = new Option<long?>("--debounce-ms") { Description = "inputs with --edge" };
        var activeLow = new Option<bool>("--active-low") { Description = "logical high is electrical low" };
        foreach (var option in new Option[] { pin, mode, value, pull, edge, debounce, activeLow })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => PostAsync(connect, parse, common, ResourceKind.GpioPin, System.Text.Json.JsonSerializer.SerializeToElement(
            new ResourceDocument<GpioSpec>(ResourceKind.GpioPin.Name(), parse.GetValue(common.Name), Labels(parse, common), Node(parse, common),
                new GpioSpec(parse.GetValue(pin), parse.GetValue(mode), parse.GetValue(pull), parse.GetValue(activeLow) ? true : null, parse.GetValue(edge),
                    parse.GetValue(debounce), parse.GetValue(value), parse.GetValue(common.OnDelete))), HubJsonContext.Default.ResourceDocumentGpioSpec), ct));
        return command;
    }

    private static Command Pwm(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var command = new Command("pwm", "a PWMController");
        var common = Shared(command);
        var pin = new Option<string>("--pin") { Description = "GPIO12, 13, 18 or 19", Required = true };
        var frequency = new Option<long>("--frequency-hz") { Description = "1-1000000", Required = true };
        var duty = new Option<double>("--duty-percent") { Description = "0-100", Required = true };
        command.Options.Add(pin);
        command.Options.Add(frequency);
        command.Options.Add(duty);
        command.SetAction((parse, ct) => PostAsync(connect, parse, common, ResourceKind.PwmController, System.Text.Json.JsonSerializer.SerializeToElement(
            new ResourceDocument<PwmSpec>(ResourceKind.PwmController.Name(), parse.GetValue(common.Name), Labels(parse, common), Node(parse, common),
                new PwmSpec(parse.GetValue(pin), parse.GetValue(frequency), parse.GetValue(duty), parse.GetValue(common.OnDelete))), HubJsonContext.Default.ResourceDocumentPwmSpec), ct));
        return command;
    }

    private static Command I2c(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var command = new Command("i2c", "an I2CDevice read on an interval");
        var common = Shared(command);
        var bus = new Option<long>("--bus") { Description = "N of /dev/i2c-N", DefaultValueFactory = _ => 1 };
        var address = new Option<string>("--address") { Description = "0x03-0x77", Required = true };
        var device = new Option<string>("--device") { Description = string.Join(", ", SpecRules.Devices), Required = true };
        var interval = new Option<long?>("--interval-ms") { Description = "how often the agent reads it (default 5000)" };
        command.Options.Add(bus);
        command.Options.Add(address);
        command.Options.Add(device);
        command.Options.Add(interval);
        command.SetAction((parse, ct) => PostAsync(connect, parse, common, ResourceKind.I2cDevice, System.Text.Json.JsonSerializer.SerializeToElement(
            new ResourceDocument<I2cSpec>(ResourceKind.I2cDevice.Name(), parse.GetValue(common.Name), Labels(parse, common), Node(parse, common),
                new I2cSpec(parse.GetValue(bus), parse.GetValue(address), parse.GetValue(device), parse.GetValue(interval), parse.GetValue(common.OnDelete))), HubJsonContext.Default.ResourceDocumentI2cSpec), ct));
        return command;
    }

    private static async Task<int> PostAsync(Func<ParseResult, CancellationToken, Task<HubClient>> connect, ParseResult parse, Common common, ResourceKind kind,
        System.Text.Json.JsonElement body, CancellationToken ct)
    {
        var mode = parse.GetValue(common.DryRun)!;
        var reference = $"{kind.Name().ToLowerInvariant()}/{parse.GetValue(common.Name)}";
        if (mode == DryRunOption.Client)
        {
            try
            {
                Input.ManifestCheck.Validate(new Input.Manifest("the command line", kind, parse.GetValue(common.Name)!, body));
            }
            catch (Input.InputException e)
            {
                throw new CliException(e.Message);
            }
            Terminal.WriteLine($"{reference} checked{DryRunOption.Suffix(mode)}");
            return 0;
        }
        using var client = await connect(parse, ct).ConfigureAwait(false);
        var created = await client.CreateResourceAsync(kind, body, ct, mode == DryRunOption.Server).ConfigureAwait(false);
        ResourceText.Printer(kind).PrintResult(common.Output.Read(parse), created,
            () => Terminal.WriteLine($"{reference} created on node {created.GetProperty("status").GetProperty("node").GetString()}{DryRunOption.Suffix(mode)}"));
        return 0;
    }

    private static NodeTarget Node(ParseResult parse, Common common) =>
        (parse.GetValue(common.Node), parse.GetValue(common.Selector)) switch
        {
            ({ } id, null) => new NodeTarget(Id: id),
            (null, { } selector) => new NodeTarget(Selector: selector),
            _ => throw new CliException("give the node with exactly one of --node ID or --selector key=value"),
        };

    private static Dictionary<string, string> Labels(ParseResult parse, Common common) =>
        (parse.GetValue(common.Labels) ?? []).Select(l => l.Split('=', 2) is [var k, var v] ? (k, v) : throw new CliException($"--label {l}: write key=value"))
            .ToDictionary(p => p.k, p => p.v, StringComparer.Ordinal);
}
