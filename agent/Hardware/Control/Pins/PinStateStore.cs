using System.Globalization;
using System.Text;
using PiController.Agent.Hardware.Control.Gpio;
using PiController.Protocol.Link;
using PiController.Protocol.Storage;

namespace PiController.Agent.Hardware.Control.Pins;

/// <summary>What the store holds: the GPIO setups and the running PWM channels.</summary>
internal sealed record PinState(IReadOnlyList<PinSetup> Gpio, IReadOnlyList<PwmChannelState> Pwm);

/// <summary>
/// The pin state the agent has applied, kept in <c>pins.state</c> in its data directory so that a restarted agent
/// drives its pins as before. One line per pin (<c>gpio 17 mode=output high=true active-low=false</c>), readable
/// over SSH; written through <see cref="DurableFile"/> (a temporary file, flushed, renamed over the old one, the
/// directory flushed), so a power cut leaves either the old or the new file, never half of one.
/// </summary>
internal sealed class PinStateStore(string dataDirectory)
{
    public const string FileName = "pins.state";

    public string Path => System.IO.Path.Join(dataDirectory, FileName);

    public void Save(PinState state)
    {
        var text = new StringBuilder("# pi-agent: pins set up through the hub, restored at start. Written by the agent.\n");
        foreach (var g in state.Gpio)
        {
            text.Append(CultureInfo.InvariantCulture, $"gpio {g.Bcm} mode={(g.Mode == GpioMode.Output ? "output" : "input")} active-low={Bool(g.ActiveLow)}");
            text.Append(g.Mode == GpioMode.Output
                ? $" high={Bool(g.High)}\n"
                : string.Create(CultureInfo.InvariantCulture, $" pull={Name(g.Pull)} edge={Name(g.Edge)} debounce-ms={g.DebounceMs}\n"));
        }
        foreach (var p in state.Pwm)
        {
            text.Append(CultureInfo.InvariantCulture, $"pwm {p.Bcm} frequency-hz={p.FrequencyHz} duty-percent={p.DutyPercent.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
        Directory.CreateDirectory(dataDirectory);
        DurableFile.Write(Path, Encoding.UTF8.GetBytes(text.ToString()), DurableFile.Public);
    }

    /// <summary>The saved state; empty when there is none. Throws <see cref="FormatException"/> naming the bad line.</summary>
    public PinState Load()
    {
        if (!File.Exists(Path))
        {
            return new PinState([], []);
        }
        var gpio = new List<PinSetup>();
        var pwm = new List<PwmChannelState>();
        var number = 0;
        foreach (var raw in File.ReadAllLines(Path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
                var bcm = int.Parse(words[1], NumberStyles.None, CultureInfo.InvariantCulture);
                var fields = words.Skip(2).Select(w => w.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
                switch (words[0])
                {
                    case "gpio" when fields["mode"] == "output":
                        gpio.Add(new PinSetup(bcm, GpioMode.Output, GpioPull.None, ParseBool(fields["active-low"]), GpioEdge.None, 0, ParseBool(fields["high"])));
                        break;
                    case "gpio" when fields["mode"] == "input":
                        gpio.Add(new PinSetup(bcm, GpioMode.Input, Enum.Parse<GpioPull>(fields["pull"], ignoreCase: true), ParseBool(fields["active-low"]),
                            Enum.Parse<GpioEdge>(fields["edge"], ignoreCase: true), uint.Parse(fields["debounce-ms"], CultureInfo.InvariantCulture), false));
                        break;
                    case "pwm":
                        pwm.Add(new PwmChannelState
                        {
                            Bcm = (uint)bcm,
                            FrequencyHz = uint.Parse(fields["frequency-hz"], CultureInfo.InvariantCulture),
                            DutyPercent = double.Parse(fields["duty-percent"], CultureInfo.InvariantCulture),
                        });
                        break;
                    default:
                        throw new FormatException($"unknown entry \"{words[0]}\"");
                }
            }
            catch (Exception e) when (e is FormatException or KeyNotFoundException or IndexOutOfRangeException or OverflowException or ArgumentException)
            {
                throw new FormatException($"{Path}:{number}: {e.Message}", e);
            }
        }
        return new PinState(gpio, pwm);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static bool ParseBool(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"\"{text}\" is not true or false"),
    };

    private static string Name(GpioPull pull) => pull switch { GpioPull.Up => "up", GpioPull.Down => "down", _ => "none" };

    private static string Name(GpioEdge edge) => edge switch { GpioEdge.Rising => "rising", GpioEdge.Falling => "falling", GpioEdge.Both => "both", _ => "none" };
}
