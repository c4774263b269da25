using System.CommandLine;
using PiController.Hub.Cli.Output;
using PiController.Hub.Hardware;
using static PiController.Hub.Cli.HardwareCommandParts;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller pwm</c>: hardware PWM on GPIO12, 13, 18 and 19.</summary>
internal static class PwmCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var pwm = new Command("pwm", "hardware PWM of a node (GPIO12, GPIO13, GPIO18, GPIO19)");
        var node = Node();
        var pin = Pin();

        var frequency = new Option<long>("--freq", "--frequency") { Description = "frequency in Hz", Required = true };
        var duty = new Option<double>("--duty") { Description = "duty cycle in percent (0-100)", Required = true };
        var set = new Command("set", "start PWM on a pin, or change its frequency and duty cycle") { node, pin, frequency, duty };
        var setOutput = OutputOption.ForWrite(set, name: false);
        set.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.SetPwmAsync(parse.GetValue(node)!, parse.GetValue(pin)!, parse.GetValue(frequency), parse.GetValue(duty), ct).ConfigureAwait(false);
            Print(setOutput.Read(parse), result);
            return 0;
        });

        var stop = new Command("stop", "stop PWM on a pin and give the pin back") { node, pin };
        var stopOutput = OutputOption.ForWrite(stop, name: false);
        stop.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            await client.StopPwmAsync(parse.GetValue(node)!, parse.GetValue(pin)!, ct).ConfigureAwait(false);
            var stopped = parse.GetValue(pin)!;
            Change.PrinterOf("pwm").PrintResult(stopOutput.Read(parse), new Change("pwm", stopped, "stopped"), () => Terminal.WriteLine($"PWM on {stopped} stopped"));
            return 0;
        });

        var ls = new Command("ls", "the PWM channels running on the node") { node };
        var lsOutput = OutputOption.ForRead(ls, name: false);
        ls.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            Print(lsOutput.Read(parse), await client.ListPwmAsync(parse.GetValue(node)!, ct).ConfigureAwait(false));
            return 0;
        });

        pwm.Subcommands.Add(set);
        pwm.Subcommands.Add(stop);
        pwm.Subcommands.Add(ls);
        return pwm;
    }

    private static void Print(OutputFormat format, PwmChannelsView channels)
    {
        if (!Machine.Print(format, channels, HubJsonContext.Default.PwmChannelsView))
        {
            HardwareTables.Channels.PrintList(format, channels.Channels, "no PWM running");
        }
    }
}
