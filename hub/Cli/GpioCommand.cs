using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Hardware;
using static PiController.Hub.Cli.HardwareCommandParts;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller gpio</c>: configure, read, write, toggle, pulse, batch and release pins; show edge events.</summary>
internal static class GpioCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var gpio = new Command("gpio", "GPIO pins of a node (BCM numbers, or header positions such as P11)");
        var node = Node();
        var pin = Pin();

        var ls = new Command("ls", "the pins this node's agent has configured, with their levels") { node };
        var lsOutput = OutputOption.ForRead(ls, name: false);
        ls.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            Print(lsOutput.Read(parse), await client.ListGpioAsync(parse.GetValue(node)!, ct).ConfigureAwait(false));
            return 0;
        });

        var read = new Command("read", "read a configured pin") { node, pin };
        var readOutput = OutputOption.ForRead(read, name: false);
        read.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            Print(readOutput.Read(parse), await client.ReadGpioAsync(parse.GetValue(node)!, parse.GetValue(pin)!, ct).ConfigureAwait(false));
            return 0;
        });

        var value = new Argument<string>("value") { Description = "high or low (1/0, on/off)" };
        var write = new Command("write", "drive a pin high or low (an unconfigured pin becomes an output)") { node, pin, value };
        var writeOutput = OutputOption.ForWrite(write, name: false);
        write.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.WriteGpioAsync(parse.GetValue(node)!, parse.GetValue(pin)!, parse.GetValue(value), ct).ConfigureAwait(false);
            Print(writeOutput.Read(parse), result);
            return 0;
        });

        var toggle = new Command("toggle", "invert an output") { node, pin };
        var toggleOutput = OutputOption.ForWrite(toggle, name: false);
        toggle.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            Print(toggleOutput.Read(parse), await client.ToggleGpioAsync(parse.GetValue(node)!, parse.GetValue(pin)!, ct).ConfigureAwait(false));
            return 0;
        });

        var level = new Option<string>("--level") { Description = "the level of the pulse: high or low; the pin ends at the other", Required = true };
        var ms = new Option<long>("--ms") { Description = "how long, 1-60000 milliseconds, timed on the agent", Required = true };
        var pulse = new Command("pulse", "drive a pin to a level for a time and back (a door strike, a relay); changing it meanwhile is refused") { node, pin, level, ms };
        var pulseOutput = OutputOption.ForWrite(pulse, name: false);
        pulse.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            Print(pulseOutput.Read(parse), await client.PulseGpioAsync(parse.GetValue(node)!, parse.GetValue(pin)!, parse.GetValue(level), parse.GetValue(ms), ct).ConfigureAwait(false));
            return 0;
        });

        var mode = new Option<string>("--mode") { Description = "input or output", Required = true };
        var pull = new Option<string?>("--pull") { Description = "inputs: up, down or none" };
        var initial = new Option<string?>("--value") { Description = "outputs: the level to start at (high or low)" };
        var activeLow = new Option<bool>("--active-low") { Description = "logical high is electrical low" };
        var edge = new Option<string?>("--edge") { Description = "inputs: report rising, falling or both edges to the hub" };
        var debounce = new Option<int?>("--debounce-ms") { Description = "inputs with --edge: ignore edges this soon after the last one" };
        var config = new Command("config", "set a pin up as an input or an output") { node, pin, mode, pull, initial, activeLow, edge, debounce };
        var configOutput = OutputOption.ForWrite(config, name: false);
        config.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var request = new GpioConfigRequest(parse.GetValue(mode), parse.GetValue(pull), parse.GetValue(initial), parse.GetValue(activeLow), parse.GetValue(edge), parse.GetValue(debounce));
            Print(configOutput.Read(parse), await client.ConfigureGpioAsync(parse.GetValue(node)!, parse.GetValue(pin)!, request, ct).ConfigureAwait(false));
            return 0;
        });

        var release = new Command("release", "give a pin back (it becomes an input; the agent forgets it)") { node, pin };
        var releaseOutput = OutputOption.ForWrite(release, name: false);
        release.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            await client.ReleaseGpioAsync(parse.GetValue(node)!, parse.GetValue(pin)!, ct).ConfigureAwait(false);
            var released = parse.GetValue(pin)!;
            Change.PrinterOf("gpio").PrintResult(releaseOutput.Read(parse), new Change("gpio", released, "released"), () => Terminal.WriteLine($"{released} released"));
            return 0;
        });

        var ops = new Argument<string[]>("ops") { Description = "PIN=high|low to write, PIN alone to read; all in one command", Arity = ArgumentArity.OneOrMore };
        var batch = new Command("batch", "write and read several pins in one command (all are checked before any changes)") { node, ops };
        var batchOutput = OutputOption.ForWrite(batch, name: false);
        batch.SetAction(async (parse, ct) =>
        {
            var items = parse.GetValue(ops)!.Select(op => op.Split('=', 2) is [var p, var v] ? new GpioBatchItem(p, v) : new GpioBatchItem(op, null)).ToList();
            using var client = await connect(parse, ct).ConfigureAwait(false);
            Print(batchOutput.Read(parse), await client.BatchGpioAsync(parse.GetValue(node)!, items, ct).ConfigureAwait(false));
            return 0;
        });

        var eventPin = new Option<int?>("--pin") { Description = "only this BCM pin" };
        var limit = new Option<int>("--limit") { Description = "how many of the latest events", DefaultValueFactory = _ => 50 };
        var events = new Command("events", "the latest edges the node reported (inputs configured with --edge)") { node, eventPin, limit };
        var eventsOutput = OutputOption.ForRead(events, name: false);
        events.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.ListGpioEventsAsync(parse.GetValue(node)!, parse.GetValue(limit), parse.GetValue(eventPin), ct).ConfigureAwait(false);
            var format = eventsOutput.Read(parse);
            if (Machine.Print(format, result, HubJsonContext.Default.PinEventsView))
            {
                return 0;
            }
            if (result.Events.Count > 0)
            {
                Terminal.WriteLine(HardwareTables.Edges.Table(result.Events, format == OutputFormat.Wide));
            }
            Terminal.WriteLine(result.Events.Count == 0 ? "no edges reported" : $"{result.Events.Count} edge(s)" + (result.Dropped > 0 ? $"; the agent dropped {result.Dropped} while its link was down" : ""));
            return 0;
        });

        foreach (var verb in new[] { ls, read, write, toggle, pulse, config, release, batch, events })
        {
            gpio.Subcommands.Add(verb);
        }
        return gpio;
    }

    private static void Print(OutputFormat format, GpioPinsView pins)
    {
        if (!Machine.Print(format, pins, HubJsonContext.Default.GpioPinsView))
        {
            HardwareTables.Pins.PrintList(format, pins.Pins, "no pins configured");
        }
    }
}
