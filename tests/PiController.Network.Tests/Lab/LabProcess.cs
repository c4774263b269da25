using System.Diagnostics;
using System.Text;

namespace PiController.Network.Tests.Lab;

/// <summary>A process started by a test, its output captured line by line; ended by its own id only.</summary>
internal sealed class LabProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<(long At, string Line)> _lines = [];
    private readonly Lock _gate = new();

    private LabProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines.Select(l => l.Line));
            }
        }
    }

    public static LabProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new LabProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Add(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _lines.Add((Stopwatch.GetTimestamp(), line));
            }
        }
    }

    /// <summary>Waits (bounded) for a line containing <paramref name="text"/>; returns it and when it was read.</summary>
    public async Task<(string Line, long Timestamp)> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            lock (_gate)
            {
                foreach (var (at, line) in _lines)
                {
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        return (line, at);
                    }
                }
            }
            if (_process.HasExited)
            {
                await Task.Delay(200);
                lock (_gate)
                {
                    if (_lines.Any(l => l.Line.Contains(text, StringComparison.Ordinal)))
                    {
                        continue;
                    }
                }
                throw new InvalidOperationException($"process exited ({_process.ExitCode}) before printing \"{text}\". Output:\n{Output}");
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no line with \"{text}\" within {timeout}. Output:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then waits for the exit (bounded).</summary>
    public async Task TerminateAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM by id, through kill(1): the program's clean shutdown (mDNS goodbye, stream half-close) is under test.
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                kill?.WaitForExit(5000);
            }
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(15));
            }
            catch (OperationCanceledException)
            {
                // Dispose kills it.
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }
}
