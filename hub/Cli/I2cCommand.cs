using System.CommandLine;
using PiController.Hub.Cli.Output;
using System.Globalization;
using System.Text;
using PiController.Hub.Hardware;
using static PiController.Hub.Cli.HardwareCommandParts;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller i2c</c>: scan a bus, read typed sensors, raw transfers, interval readings.</summary>
internal static class I2cCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> connect)
    {
        var i2c = new Command("i2c", "I2C buses of a node");
        var node = Node();
        var bus = new Argument<uint>("bus") { Description = "bus number N of /dev/i2c-N (1 on the header)" };
        var address = new Argument<string>("address") { Description = "device address, for example 0x76" };

        var scan = new Command("scan", "list the addresses that answer (i2cdetect's probing; 0x03-0x77)") { node, bus };
        var scanOutput = OutputOption.ForRead(scan, name: false);
        scan.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.ScanI2cAsync(parse.GetValue(node)!, parse.GetValue(bus), ct).ConfigureAwait(false);
            if (Machine.Print(scanOutput.Read(parse), result, HubJsonContext.Default.I2cScanView))
            {
                return 0;
            }
            Terminal.Write(Grid(result));
            Terminal.WriteLine(result.Addresses.Count == 0
                ? $"no devices on bus {result.Bus}"
                : $"{result.Addresses.Count} device(s) on bus {result.Bus}: {string.Join(", ", result.Addresses)}");
            if (result.KernelAddresses.Count > 0)
            {
                Terminal.WriteLine($"held by kernel drivers (UU): {string.Join(", ", result.KernelAddresses)}");
            }
            return 0;
        });

        var device = new Option<string?>("--device") { Description = "typed device: bme280, bmp280, sht3x, ads1115, mcp23017" };
        var length = new Option<int?>("--length") { Description = "raw read: how many bytes" };
        var register = new Option<string?>("--register") { Description = "raw read: register to write before reading, for example 0xd0" };
        var read = new Command("read", "read a typed device (--device; it configures the chip, so an operator token) or raw bytes (--length, optionally --register)") { node, bus, address, device, length, register };
        var readOutput = OutputOption.ForRead(read, name: false);
        read.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            if (parse.GetValue(device) is { } type)
            {
                if (parse.GetValue(length) is not null || parse.GetValue(register) is not null)
                {
                    throw new CliException("--device reads a typed device; --length and --register are for raw reads");
                }
                var reading = await client.ReadI2cDeviceAsync(parse.GetValue(node)!, parse.GetValue(bus), parse.GetValue(address)!, type, ct).ConfigureAwait(false);
                if (Machine.Print(readOutput.Read(parse), reading, HubJsonContext.Default.SensorReadingView))
                {
                    return 0;
                }
                Terminal.WriteLine($"{reading.Device} at {reading.Address} on bus {reading.Bus}, {TextTable.Time(reading.At, fraction: true)}");
                foreach (var (name, value) in reading.Values)
                {
                    Terminal.WriteLine(CultureInfo.InvariantCulture, $"  {name,-22} {value}");
                }
                return 0;
            }
            var count = parse.GetValue(length) ?? throw new CliException("give --device TYPE for a sensor, or --length N for raw bytes");
            var transfer = await client.TransferI2cAsync(parse.GetValue(node)!, parse.GetValue(bus), parse.GetValue(address)!, parse.GetValue(register), count, ct).ConfigureAwait(false);
            PrintTransfer(readOutput.Read(parse), transfer);
            return 0;
        });

        var bytes = new Argument<string[]>("bytes") { Description = "bytes to write, hex: 0x00 0xff", Arity = ArgumentArity.OneOrMore };
        var write = new Command("write", "write raw bytes to a device") { node, bus, address, bytes };
        var writeOutput = OutputOption.ForWrite(write, name: false);
        write.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var transfer = await client.TransferI2cAsync(parse.GetValue(node)!, parse.GetValue(bus), parse.GetValue(address)!,
                string.Join(' ', parse.GetValue(bytes)!), 0, ct).ConfigureAwait(false);
            if (!Machine.Print(writeOutput.Read(parse), transfer, HubJsonContext.Default.I2cTransferView))
            {
                Terminal.WriteLine($"written to {transfer.Address} on bus {transfer.Bus}");
            }
            return 0;
        });

        var watchDevice = new Option<string>("--device") { Description = "typed device: bme280, bmp280, sht3x, ads1115, mcp23017", Required = true };
        var interval = new Option<int>("--interval-ms") { Description = "how often to read", DefaultValueFactory = _ => 10_000 };
        var watch = new Command("watch", "read a typed device on an interval; readings go to the hub (i2c readings)") { node, bus, address, watchDevice, interval };
        var watchOutput = OutputOption.ForWrite(watch, name: false);
        watch.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.WatchI2cAsync(parse.GetValue(node)!, parse.GetValue(bus), parse.GetValue(address)!,
                parse.GetValue(watchDevice)!, parse.GetValue(interval), ct).ConfigureAwait(false);
            PrintWatches(watchOutput.Read(parse), result);
            return 0;
        });

        var unwatch = new Command("unwatch", "stop reading a device on an interval") { node, bus, address };
        var unwatchOutput = OutputOption.ForWrite(unwatch, name: false);
        unwatch.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            PrintWatches(unwatchOutput.Read(parse), await client.UnwatchI2cAsync(parse.GetValue(node)!, parse.GetValue(bus), parse.GetValue(address)!, ct).ConfigureAwait(false));
            return 0;
        });

        var limit = new Option<int>("--limit") { Description = "how many of the latest readings", DefaultValueFactory = _ => 20 };
        var readings = new Command("readings", "the latest interval readings the node sent") { node, limit };
        var readingsOutput = OutputOption.ForRead(readings, name: false);
        readings.SetAction(async (parse, ct) =>
        {
            using var client = await connect(parse, ct).ConfigureAwait(false);
            var result = await client.ListI2cReadingsAsync(parse.GetValue(node)!, parse.GetValue(limit), ct).ConfigureAwait(false);
            var format = readingsOutput.Read(parse);
            if (!Machine.Print(format, result, HubJsonContext.Default.SensorReadingsView))
            {
                HardwareTables.Readings.PrintList(format, result.Readings, "no readings yet (pi-controller i2c watch starts them)");
            }
            return 0;
        });

        foreach (var verb in new[] { scan, read, write, watch, unwatch, readings })
        {
            i2c.Subcommands.Add(verb);
        }
        return i2c;
    }

    private static void PrintTransfer(OutputFormat format, I2cTransferView transfer)
    {
        if (Machine.Print(format, transfer, HubJsonContext.Default.I2cTransferView))
        {
            return;
        }
        var hex = Enumerable.Range(0, transfer.Read.Length / 2).Select(i => string.Concat("0x", transfer.Read.AsSpan(2 * i, 2)));
        Terminal.WriteLine($"{transfer.Address} on bus {transfer.Bus}: {string.Join(' ', hex)}");
    }

    private static void PrintWatches(OutputFormat format, I2cWatchesView watches)
    {
        if (!Machine.Print(format, watches, HubJsonContext.Default.I2cWatchesView))
        {
            HardwareTables.Watches.PrintList(format, watches.Watches, "nothing is read on an interval");
        }
    }

    /// <summary>The i2cdetect grid: "--" nobody, "UU" a kernel driver, the address where a device answered.</summary>
    public static string Grid(I2cScanView scan)
    {
        var found = scan.Addresses.ToHashSet(StringComparer.Ordinal);
        var kernel = scan.KernelAddresses.ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f\n");
        for (var row = 0; row < 8; row++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row * 16:x2}:");
            for (var column = 0; column < 16; column++)
            {
                var a = (row * 16) + column;
                var name = $"0x{a:x2}";
                text.Append(a is < 0x03 or > 0x77 ? "   " : found.Contains(name) ? $" {a:x2}" : kernel.Contains(name) ? " UU" : " --");
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
