using System.Diagnostics;
using System.Globalization;

namespace PiController.Benchmarks;

/// <summary>The NativeAOT agent as a process: binary size, time from spawn to connected, idle RSS.</summary>
internal static class AgentProcessBench
{
    public static async Task RunAsync(LinkBench bench, string binary, int runs)
    {
        var size = new FileInfo(binary).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"agent binary: {binary} {size / 1024.0 / 1024.0:0.00} MB (target <= 15 MB)"));
        var connectMs = new List<double>();
        var rssKb = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            var data = Path.Join(bench.Options.DataDirectory, $"agent-{i}");
            Directory.CreateDirectory(data);
            await File.WriteAllTextAsync(Path.Join(data, "hub-ca.crt"), bench.Ca.Certificate.ExportCertificatePem());
            var info = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--hub", $"https://127.0.0.1:{bench.Options.Port}", "--token", bench.JoinToken,
                    "--board", "sim", "--sim-serial", $"proc-{i}", "--data-dir", data, "--mdns", "off", "--config", Path.Join(data, "none.conf"),
                },
            };
            info.ArgumentList.RemoveAt(info.ArgumentList.Count - 1);
            info.ArgumentList.RemoveAt(info.ArgumentList.Count - 1);
            var connected = new TaskCompletionSource<double>();
            var spawn = Stopwatch.StartNew();
            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("Connected to hub", StringComparison.Ordinal) == true)
                {
                    connected.TrySetResult(spawn.Elapsed.TotalMilliseconds);
                }
            };
            process.ErrorDataReceived += (_, _) => { };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            connectMs.Add(await connected.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            // Idle: connected, heartbeating, nothing else to do.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
            rssKb.Add(long.Parse(status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
            process.Kill();
            await process.WaitForExitAsync();
        }
        Console.WriteLine($"agent spawn -> connected: {Percentiles.Describe(connectMs)} (target <= 200 ms)");
        var rss = rssKb.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"agent idle RSS: median {rss[rss.Length / 2] / 1024.0:0.0} MB, max {rss[^1] / 1024.0:0.0} MB over {runs} runs (target <= 20 MB)"));
    }
}
