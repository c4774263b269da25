using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiController.Agent.Configuration;
using PiController.Agent.Hardware.Control;
using PiController.Agent.Hardware.Probe;
using PiController.Agent.Link;
using PiController.Agent.Platform;
using PiController.Protocol.Link;
using PiController.Protocol.Retry;

namespace PiController.Benchmarks;

/// <summary>
/// GPIO on the simulated board: writes in process (the agent's own cost), then hub -> agent GPIO writes over the
/// real link, one at a time, pipelined, and as batches of several pins per command.
/// </summary>
internal static class HardwareBench
{
    private const int BatchSize = 16;

    public static async Task RunAsync(LinkBench bench, bool quick)
    {
        var seconds = TimeSpan.FromSeconds(quick ? 1 : 3);
        var data = Path.Join(Path.GetTempPath(), "pi-bench-hw", Guid.NewGuid().ToString("N"));
        var options = new AgentOptions { Board = "sim", DataDirectory = data };
        using var hardware = HardwareHost.Create(options, SystemRoot.Host, () => SimulatedBoard.Report("bench-hw"), new HardwareEventQueue(), TimeProvider.System, NullLoggerFactory.Instance);

        Console.WriteLine();
        Console.WriteLine("## GPIO on the simulated driver, in process");
        var (count, elapsed) = Loop(seconds, i => hardware.Gpio.Write("17", (i & 1) == 0));
        Console.WriteLine($"GpioService.Write: {Rate(count, elapsed, "writes")}");
        (count, elapsed) = Loop(seconds, i => hardware.Execute(new Command { Id = "w", GpioWrite = new GpioWrite { Pin = "17", High = (i & 1) == 0 } }));
        Console.WriteLine($"HardwareCommands.Execute(GpioWrite), with checks and coalesced state saving: {Rate(count, elapsed, "writes")}");

        var hub = new Uri($"https://127.0.0.1:{bench.Options.Port}");
        var identity = new AgentIdentity("bench-hw", Guid.NewGuid().ToString("N"), () => new SystemInfo { Board = "sim" }, () => new Metrics(), () => SimulatedBoard.Report("bench-hw"));
        var credentials = new AgentCredentials(Directory.CreateDirectory(Path.Join(data, "link")).FullName, TimeProvider.System);
        var connection = new HubConnection(hub, HubCaSource.Known(hub, bench.Ca.Certificate), identity,
            new CommandDispatcher(new CommandJournal(), TimeProvider.System, hardware), credentials,
            new Enroller(hub, bench.JoinToken, "bench-hw", () => "bench-hw", credentials), Backoff.LinkReconnect(), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = connection.RunAsync(stop.Token);
        while (!bench.Registry.IsConnected("bench-hw"))
        {
            await Task.Delay(20);
        }

        Console.WriteLine();
        Console.WriteLine("## Hub -> agent GPIO writes over the link (simulated board)");
        for (var i = 0; i < 500; i++)
        {
            await WriteAsync(bench, i);
        }
        var samples = new List<double>();
        for (var i = 0; i < (quick ? 2000 : 10000); i++)
        {
            var started = Stopwatch.GetTimestamp();
            await WriteAsync(bench, i);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        Console.WriteLine($"sequential round trips: {Percentiles.Describe(samples)}");

        foreach (var inFlight in new[] { 16, 128 })
        {
            (count, elapsed) = await PipelinedAsync(seconds, inFlight, (i, _) => WriteAsync(bench, i));
            Console.WriteLine($"pipelined, {inFlight} in flight: {Rate(count, elapsed, "writes")}");
        }
        (count, elapsed) = await PipelinedAsync(seconds, 16, (i, _) => BatchAsync(bench, i));
        Console.WriteLine($"batches of {BatchSize} pins, 16 in flight: {Rate(count, elapsed, "commands")} = {Rate(count * BatchSize, elapsed, "pin writes")}");

        await stop.CancelAsync();
        await run;
        Directory.Delete(data, recursive: true);
    }

    private static async Task WriteAsync(LinkBench bench, long i)
    {
        var result = await bench.Registry.SendAsync("bench-hw", new Command { GpioWrite = new GpioWrite { Pin = "17", High = (i & 1) == 0 } }, TimeSpan.FromSeconds(10), CancellationToken.None);
        if (result.OutcomeCase != CommandResult.OutcomeOneofCase.Gpio)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    private static async Task BatchAsync(LinkBench bench, long i)
    {
        // Sixteen header GPIOs that no bus function of the simulated board holds.
        int[] pins = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 19, 20, 21, 22, 26];
        var batch = new GpioBatch();
        batch.Ops.AddRange(pins.Select(p => new GpioBatchOp { Pin = p.ToString(CultureInfo.InvariantCulture), WriteHigh = (i & 1) == 0 }));
        var result = await bench.Registry.SendAsync("bench-hw", new Command { GpioBatch = batch }, TimeSpan.FromSeconds(10), CancellationToken.None);
        if (result.OutcomeCase != CommandResult.OutcomeOneofCase.Gpio)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    private static (long Count, double Seconds) Loop(TimeSpan duration, Action<long> step)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        long i = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            step(i++);
        }
        return (i, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static async Task<(long Count, double Seconds)> PipelinedAsync(TimeSpan duration, int inFlight, Func<long, int, Task> step)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        long total = 0;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async worker =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                await step(Interlocked.Increment(ref total), worker);
            }
        }));
        return (total, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static string Rate(long count, double seconds, string what) =>
        (count / seconds).ToString("N0", CultureInfo.InvariantCulture) + " " + what + "/s";
}
