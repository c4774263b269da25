using System.CommandLine;
using System.Globalization;
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
        var json = Json();

        var frequency = new Option<long>("--freq", "--frequency") { Description = "frequency in Hz", Required = true };
        var duty = new Option<double>("--duty") { Description = "duty cycle in percent (0-100)", Required = true };
        var set = new Command("set", "start PWM on a pin, or change its frequency and duty cycle") { node, pin, frequency, duty, json };
        set.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.SetPwmAsync(parse.GetValue(node)!, parse.GetValue(pin)!, parse.GetValue(frequency), parse.GetValue(duty), ct).ConfigureAwait(false);
            Print(parse, json, result);
            return 0;
        });

        var stop = new Command("stop", "stop PWM on a pin and give the pin back") { node, pin };
        stop.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            await client.StopPwmAsync(parse.GetValue(node)!, parse.GetValue(pin)!, ct).ConfigureAwait(false);
            Terminal.WriteLine($"PWM on {parse.GetValue(pin)} stopped");
            return 0;
        });

        var ls = new Command("ls", "the PWM channels running on the node") { node, json };
        ls.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            Print(parse, json, await client.ListPwmAsync(parse.GetValue(node)!, ct).ConfigureAwait(false));
            return 0;
        });

        pwm.Subcommands.Add(set);
        pwm.Subcommands.Add(stop);
        pwm.Subcommands.Add(ls);
        return pwm;
    }

    private static void Print(ParseResult parse, Option<bool> json, PwmChannelsView channels)
    {
        if (parse.GetValue(json))
        {
            PrintJson(channels, HubJsonContext.Default.PwmChannelsView);
            return;
        }
        if (channels.Channels.Count == 0)
        {
            Terminal.WriteLine("no PWM running");
        }
        foreach (var c in channels.Channels)
        {
            Terminal.WriteLine(CultureInfo.InvariantCulture, $"GPIO{c.Bcm}: {c.FrequencyHz} Hz, {c.DutyPercent:0.##} % (pwmchip{c.Chip} channel {c.Channel})");
        }
    }
}
