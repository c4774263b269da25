using System.Diagnostics;
using System.Globalization;

namespace PiController.Benchmarks;

/// <summary>The real hub binary as a separate process, so its CPU time and memory are its own.</summary>
internal sealed class HubProcess : IDisposable
{
    private Process? _process;

    public HubProcess(string dataDirectory, int port)
    {
        DataDirectory = dataDirectory;
        Port = port;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public Uri Address => new($"https://127.0.0.1:{Port}");

    public static string HubDll => Path.Join(AppContext.BaseDirectory, "pi-controller.dll");

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { HubDll, "serve", "--data-dir", DataDirectory, "--address", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--mdns", "off" })
        {
            info.ArgumentList.Add(argument);
        }
        var listening = new TaskCompletionSource();
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGTERM, then wait for the exit.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            using var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>User + system CPU time of the hub process so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var fields = File.ReadAllText($"/proc/{_process!.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    public double RssMegabytes => long.Parse(File.ReadAllLines($"/proc/{_process!.Id}/status")
        .First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
        }
        _process?.Dispose();
    }
}
