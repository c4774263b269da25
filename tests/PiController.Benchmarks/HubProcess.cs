using System.Globalization;

namespace PiController.Benchmarks;

/// <summary>The real hub binary as a separate process, so its CPU time and memory are its own.</summary>
internal sealed class HubProcess(string dataDirectory, int port) : IDisposable
{
    private TestProcess? _process;

    public string DataDirectory { get; } = dataDirectory;

    public int Port { get; } = port;

    public Uri Address => new($"https://127.0.0.1:{Port}");

    public static string HubDll => Path.Join(AppContext.BaseDirectory, "pi-controller.dll");

    public async Task StartAsync()
    {
        _process?.Dispose();
        _process = TestProcess.Start("dotnet", [HubDll, "serve", "--data-dir", DataDirectory, "--address", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--mdns", "off"]);
        await _process.WaitForLineAsync("listening on", TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGTERM, then wait for the exit.</summary>
    public Task StopAsync() => _process?.TerminateAsync(TimeSpan.FromSeconds(30)) ?? Task.CompletedTask;

    /// <summary>User + system CPU time of the hub process so far.</summary>
    public TimeSpan CpuTime => _process!.CpuTime;

    public double RssMegabytes => _process!.RssMegabytes;

    public void Dispose() => _process?.Dispose();
}
