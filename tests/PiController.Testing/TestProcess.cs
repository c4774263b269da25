using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PiController.Testing;

/// <summary>
/// A program under test that runs while the test talks to it (a hub, an agent, avahi), its output kept line by
/// line with the moment each line was read. Ended by its own id only: SIGTERM for a clean stop, a kill of its own
/// process tree when disposed.
/// </summary>
public sealed partial class TestProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<(long At, string Line)> _lines = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    private TestProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Whether it ended; true once disposed (Dispose ends it), so an owner that checks later does not throw.</summary>
    public bool HasExited => _disposed || _process.HasExited;

    public int ExitCode => _process.ExitCode;

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
        if (line is not null)
        {
            lock (_gate)
            {
                _lines.Add((Stopwatch.GetTimestamp(), line));
            }
        }
    }

    /// <summary>Waits until a line contains <paramref name="text"/> (bounded), and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, int occurrence = 1) =>
        (await WaitForTimedLineAsync(text, timeout, occurrence).ConfigureAwait(false)).Line;

    /// <summary>
    /// Waits until a line contains <paramref name="text"/> (bounded); returns it and the <see cref="Stopwatch"/>
    /// timestamp at which it was read. A program that exits first fails the wait with everything it printed.
    /// </summary>
    public async Task<(string Line, long Timestamp)> WaitForTimedLineAsync(string text, TimeSpan timeout, int occurrence = 1)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Find(text, occurrence) is { } found)
            {
                return found;
            }
            if (_process.HasExited)
            {
                // The last lines may still be on their way from the pipe.
                await Task.Delay(200).ConfigureAwait(false);
                if (Find(text, occurrence) is { } late)
                {
                    return late;
                }
                throw new InvalidOperationException($"process exited ({_process.ExitCode}) before printing \"{text}\". Output:\n{Output}");
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        throw new TimeoutException($"no line with \"{text}\" within {timeout}. Output:\n{Output}");
    }

    private (string Line, long Timestamp)? Find(string text, int occurrence)
    {
        lock (_gate)
        {
            var seen = 0;
            foreach (var (at, line) in _lines)
            {
                if (line.Contains(text, StringComparison.Ordinal) && ++seen == occurrence)
                {
                    return (line, at);
                }
            }
            return null;
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM and waits for a clean exit (bounded); returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
        }
        return await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(15)).ConfigureAwait(false);
    }

    /// <summary>The program's own user + system CPU time so far, from /proc.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var fields = File.ReadAllText($"/proc/{_process.Id}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    /// <summary>The program's resident memory now, from /proc.</summary>
    public double RssMegabytes => long.Parse(File.ReadAllLines($"/proc/{_process.Id}/status")
        .First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
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
