using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PiController.EndToEnd.Tests;

/// <summary>A program under test, with its output captured line by line. Ended by its own id only.</summary>
internal sealed partial class TestProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    private TestProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static TestProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
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
        var wrapper = new TestProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Add(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _lines.Add(line);
        }
    }

    /// <summary>Waits until a line contains <paramref name="text"/> (bounded), and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, int occurrence = 1)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            lock (_gate)
            {
                var matches = _lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
                if (matches.Count >= occurrence)
                {
                    return matches[occurrence - 1];
                }
            }
            if (_process.HasExited)
            {
                await Task.Delay(100);
                lock (_gate)
                {
                    if (_lines.Count(l => l.Contains(text, StringComparison.Ordinal)) >= occurrence)
                    {
                        continue;
                    }
                }
                throw new InvalidOperationException($"process exited ({_process.ExitCode}) before printing \"{text}\". Output:\n{Output}");
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no line with \"{text}\" within {timeout}. Output:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
        }
        return await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(15));
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

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
