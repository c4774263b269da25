using System.CommandLine;
using System.Globalization;
using PiController.Hub.Cli.Output;
using PiController.Hub.Discovery;
using PiController.Hub.Security;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller discover</c>: list discovered machines, scan a range, watch, approve a waiting agent.</summary>
internal static class DiscoverCommand
{
    public static Command Build(Func<ParseResult, CancellationToken, Task<HubClient>> client)
    {
        var discover = new Command("discover", "machines found by mDNS, scans, the neighbour table and DHCP leases (lists them without a subcommand)");
        var output = OutputOption.ForRead(discover);
        discover.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var list = await hub.ListDiscoveredMachinesAsync(cancellationToken).ConfigureAwait(false);
            DiscoveryTable.Printer(DateTimeOffset.UtcNow).PrintList(output.Read(parse), list, DiscoveryTable.Empty);
            return 0;
        });

        var cidr = new Argument<string>("cidr") { Description = "the IPv4 range, for example 192.168.1.0/24" };
        var scan = new Command("scan", "probe every address of a range on the SSH port and record the hosts that answer");
        scan.Arguments.Add(cidr);
        var scanOutput = OutputOption.ForWrite(scan, name: false);
        scan.SetAction(async (parse, cancellationToken) =>
        {
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var result = await hub.ScanAsync(parse.GetValue(cidr)!, cancellationToken).ConfigureAwait(false);
            if (Machine.Print(scanOutput.Read(parse), result, DiscoveryJsonContext.Default.ScanResultView))
            {
                return 0;
            }
            Terminal.WriteLine(CultureInfo.InvariantCulture, $"{result.Found.Count} of {result.Probed} addresses in {result.Cidr} answered on the SSH port ({result.Seconds:0.00} s)");
            if (result.Found.Count > 0)
            {
                Terminal.WriteLine(DiscoveryTable.Printer(DateTimeOffset.UtcNow).Table(result.Found, wide: false));
            }
            return 0;
        });

        var interval = new Option<int>("--interval") { Description = "seconds between looks", DefaultValueFactory = _ => 2 };
        var watch = new Command("watch", "print machines as they are discovered or change, until Ctrl-C");
        watch.Options.Add(interval);
        watch.SetAction(async (parse, cancellationToken) =>
        {
            var every = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(interval), 1, 3600));
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            var seen = new Dictionary<long, DiscoveredMachineView>();
            var first = true;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var list = await hub.ListDiscoveredMachinesAsync(cancellationToken).ConfigureAwait(false);
                    if (first)
                    {
                        Terminal.WriteLine(list.Count == 0 ? DiscoveryTable.Empty : DiscoveryTable.Printer(DateTimeOffset.UtcNow).Table(list, wide: false));
                        Terminal.WriteLine("-- watching (Ctrl-C to stop)");
                    }
                    foreach (var machine in list)
                    {
                        if (!seen.TryGetValue(machine.Id, out var before))
                        {
                            if (!first)
                            {
                                Terminal.WriteLine($"{TextTable.Time(DateTimeOffset.UtcNow)} discovered {DiscoveryTable.Line(machine)}");
                            }
                        }
                        else if (DiscoveryTable.Changed(before, machine) is { } change)
                        {
                            Terminal.WriteLine($"{TextTable.Time(DateTimeOffset.UtcNow)} {change}: {DiscoveryTable.Line(machine)}");
                        }
                        seen[machine.Id] = machine;
                    }
                    first = false;
                    await Task.Delay(every, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C.
            }
            return 0;
        });

        var id = new Argument<long>("id") { Description = "the machine's id in pi-controller discover" };
        var key = new Option<string>("--key")
        {
            Description = "the waiting request's key: the sha256 digits pi-controller nodes pending shows (the agent logs the same)",
            Required = true,
        };
        var approve = new Command("approve", "approve the waiting enrollment of a discovered machine's agent, naming its key");
        approve.Arguments.Add(id);
        approve.Options.Add(key);
        var approveOutput = OutputOption.ForWrite(approve);
        approve.SetAction(async (parse, cancellationToken) =>
        {
            var prefix = parse.GetValue(key)!.Trim();
            if (EnrollmentKeys.CheckPrefix(prefix) is { } problem)
            {
                throw new CliException(problem);
            }
            using var hub = await client(parse, cancellationToken).ConfigureAwait(false);
            await hub.ApproveMachineAsync(parse.GetValue(id), prefix, cancellationToken).ConfigureAwait(false);
            var machine = parse.GetValue(id).ToString(CultureInfo.InvariantCulture);
            Change.PrinterOf("machine").PrintResult(approveOutput.Read(parse), new Change("machine", machine, "approved"),
                () => Terminal.WriteLine($"machine {machine} approved (key sha256 {prefix}); its agent gets its certificate on its next try"));
            return 0;
        });

        discover.Subcommands.Add(scan);
        discover.Subcommands.Add(watch);
        discover.Subcommands.Add(approve);
        return discover;
    }
}
