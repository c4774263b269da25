using Microsoft.Extensions.Time.Testing;
using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// Step progress: on a terminal one status line rewritten in place with the step, done/total and the elapsed time;
/// elsewhere one plain line per step start and end. The real terminal is tested end to end (ProgressTests there).
/// </summary>
public sealed class ProgressTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _output = new();

    [Fact]
    public async Task Piped_progress_is_one_plain_line_per_step_start_and_end_without_control_sequences()
    {
        var progress = new Progress(_output, live: false, total: 2, _time);

        await progress.StepAsync("connecting to the hub", () => Advance(TimeSpan.FromMilliseconds(400), "hub"));
        await progress.StepAsync("probing 10.0.0.0/24 on the SSH port", () => Advance(TimeSpan.FromSeconds(2.5), 3), n => $"{n} answered");

        Assert.Equal(
            "[1/2] connecting to the hub\n[1/2] connecting to the hub: done (0.4 s)\n"
            + "[2/2] probing 10.0.0.0/24 on the SSH port\n[2/2] probing 10.0.0.0/24 on the SSH port: 3 answered (2.5 s)\n",
            _output.ToString().ReplaceLineEndings("\n"));
        Assert.DoesNotContain('\r', _output.ToString().ReplaceLineEndings("\n"));
        Assert.DoesNotContain('\u001b', _output.ToString());
    }

    [Fact]
    public async Task On_a_terminal_one_line_is_rewritten_with_the_elapsed_time_and_cleared_at_the_end()
    {
        var progress = new Progress(_output, live: true, total: 2, _time, TimeSpan.FromSeconds(1));
        var running = new TaskCompletionSource<int>();

        await progress.StepAsync("connecting to the hub", () => Task.FromResult(1));
        var scan = progress.StepAsync("probing 10.0.0.0/24", () => running.Task, n => $"{n} answered");
        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        running.SetResult(3);
        await scan;

        Assert.Equal(
            "\r\u001b[K[1/2] connecting to the hub  0.0 s\r\u001b[K[1/2] connecting to the hub: done (0.0 s)"
            + "\r\u001b[K[2/2] probing 10.0.0.0/24  0.0 s\r\u001b[K[2/2] probing 10.0.0.0/24  1.0 s\r\u001b[K[2/2] probing 10.0.0.0/24  2.0 s"
            + "\r\u001b[K",
            _output.ToString());
    }

    [Fact]
    public async Task A_failed_step_stays_on_the_terminal_with_its_time_and_the_failure_goes_on()
    {
        var progress = new Progress(_output, live: true, total: 1, _time);

        await Assert.ThrowsAsync<CliException>(() => progress.StepAsync<int>("probing 10.0.0.0/8", () => throw new CliException("too large")));

        Assert.EndsWith("\r\u001b[K[1/1] probing 10.0.0.0/8: failed after 0.0 s\n", _output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.42, "0.4 s")]
    [InlineData(59.9, "59.9 s")]
    [InlineData(125, "2m05s")]
    public void Elapsed_time_reads_as_seconds_then_minutes(double seconds, string expected) =>
        Assert.Equal(expected, Progress.Duration(TimeSpan.FromSeconds(seconds)));

    private Task<T> Advance<T>(TimeSpan by, T result)
    {
        _time.Advance(by);
        return Task.FromResult(result);
    }
}
