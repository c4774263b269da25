using System.Globalization;
using PiController.Protocol.Text;

namespace PiController.Hub.Cli;

/// <summary>
/// Step progress of a long operation (a scan today; provisioning plans and backups next). On a terminal it is one
/// status line rewritten in place (a carriage return, the text, erase to the end of the line): the step, done/total
/// and the elapsed time, ticking while the step runs; the line is cleared when all went well, so the command's own
/// output follows, and left standing when a step failed. Anywhere else (a pipe, a file, a test) each step's start
/// and end is one plain line with no control sequences, so a log shows what ran and how long it took.
/// </summary>
internal sealed class Progress
{
    private const string EraseLine = "\r\u001b[K";
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tick;
    private readonly int _total;
    private readonly Lock _gate = new();
    private int _done;
    private string? _running;

    public Progress(TextWriter output, bool live, int total, TimeProvider? time = null, TimeSpan? tick = null)
    {
        _output = output;
        _live = live;
        _total = Math.Max(1, total);
        _time = time ?? TimeProvider.System;
        _tick = tick ?? TimeSpan.FromMilliseconds(200);
    }

    /// <summary>Progress on the CLI's standard output, live when that is a terminal.</summary>
    public static Progress OnTerminal(int total) => new(Terminal.Out, Terminal.IsTerminal, total);

    /// <summary>Runs one step; <paramref name="outcome"/> says in a few words what it found ("3 answered").</summary>
    public async Task<T> StepAsync<T>(string name, Func<Task<T>> run, Func<T, string>? outcome = null)
    {
        var label = string.Create(CultureInfo.InvariantCulture, $"[{_done + 1}/{_total}] {PrintableText.Escape(name)}");
        var started = _time.GetTimestamp();
        TimeSpan Elapsed() => _time.GetElapsedTime(started);
        _running = label;
        Show(live: $"{label}  {Duration(TimeSpan.Zero)}", plain: label);
        T result;
        using (_live ? _time.CreateTimer(_ => Tick(label, $"{label}  {Duration(Elapsed())}"), null, _tick, _tick) : null)
        {
            try
            {
                result = await run().ConfigureAwait(false);
            }
            catch
            {
                _running = null;
                var failed = $"{label}: failed after {Duration(Elapsed())}";
                Show(live: failed, plain: failed, end: true);
                throw;
            }
        }
        var said = outcome is null ? "done" : PrintableText.Escape(outcome(result));
        var finished = $"{label}: {said} ({Duration(Elapsed())})";
        _done++;
        _running = null;
        Show(live: _done == _total ? null : finished, plain: finished);
        return result;
    }

    /// <summary>The elapsed time of the running step; a tick that comes after the step ended writes nothing.</summary>
    private void Tick(string label, string text)
    {
        lock (_gate)
        {
            if (_running == label)
            {
                _output.Write(EraseLine + text);
                _output.Flush();
            }
        }
    }

    private void Show(string? live, string? plain, bool end = false)
    {
        lock (_gate)
        {
            if (_live)
            {
                // null clears the line: the last step went well and the command's output follows.
                _output.Write(EraseLine + live + (end ? "\n" : ""));
            }
            else if (plain is not null)
            {
                _output.WriteLine(plain);
            }
            _output.Flush();
        }
    }

    /// <summary>"0.4 s", "12.0 s", "2m05s".</summary>
    public static string Duration(TimeSpan elapsed) => elapsed < TimeSpan.FromMinutes(1)
        ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s");
}
