namespace PiController.EndToEnd.Tests.Provisioning;

/// <summary>
/// Every command line seen on this machine while it runs (/proc/*/cmdline, sampled every 20 ms): the test hosts'
/// processes are in it too, since their PID namespaces are children of this one. Short-lived processes may slip
/// between samples; whatever ran long enough to matter (the hub, agents, k3s, systemd-run steps, the CLI) does not.
/// </summary>
internal sealed class CommandLineSampler : IAsyncDisposable
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CommandLineSampler() => _loop = Task.Run(LoopAsync);

    public int Count
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>The command lines that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Containing(string text)
    {
        lock (_seen)
        {
            return _seen.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var file in Directory.EnumerateDirectories("/proc").Where(d => char.IsAsciiDigit(Path.GetFileName(d)[0])).Select(d => Path.Join(d, "cmdline")))
            {
                try
                {
                    var line = (await File.ReadAllTextAsync(file)).Replace('\0', ' ').Trim();
                    if (line.Length > 0)
                    {
                        lock (_seen)
                        {
                            _seen.Add(line);
                        }
                    }
                }
                catch (IOException)
                {
                    // The process ended while we read.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours to read.
                }
            }
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
