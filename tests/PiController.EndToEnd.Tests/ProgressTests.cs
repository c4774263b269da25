namespace PiController.EndToEnd.Tests;

/// <summary>
/// A long operation's progress as the CLI shows it (discover scan): plain lines when its output is piped, one status
/// line rewritten in place when it is a real terminal (a pseudo-terminal opened by script(1)).
/// </summary>
public sealed class ProgressTests
{
    [Fact]
    public async Task Piped_a_scan_prints_one_plain_line_per_step_start_and_end()
    {
        using var hub = await HubInstance.StartAsync();

        var (code, output) = await hub.CliAsync("discover", "scan", "127.0.0.1/32");

        Assert.True(code == 0, output);
        Assert.Contains("[1/2] connecting to the hub\n[1/2] connecting to the hub: done (", output, StringComparison.Ordinal);
        Assert.Contains("[2/2] probing 127.0.0.1/32 on the SSH port\n[2/2] probing 127.0.0.1/32 on the SSH port: ", output, StringComparison.Ordinal);
        Assert.Contains("of 1 addresses in 127.0.0.1/32 answered on the SSH port", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\r', output);
    }

    [Fact]
    public async Task On_a_terminal_a_scan_rewrites_one_status_line_in_place()
    {
        Assert.True(Repo.Tool("script") is not null, "script(1) from util-linux is needed to give the CLI a pseudo-terminal");
        using var hub = await HubInstance.StartAsync();
        var command = string.Join(' ', new[] { "dotnet", Repo.HubDll, "discover", "scan", "127.0.0.1/32", "--data-dir", hub.DataDirectory, "--hub", hub.Address.ToString() }
            .Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

        // script runs the command on a new pseudo-terminal and copies what the terminal received to its stdout.
        var result = await Run.Async("script", ["-qec", command, "/dev/null"], timeout: TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("\r\u001b[K[1/2] connecting to the hub", result.Output, StringComparison.Ordinal);
        Assert.Contains("\r\u001b[K[2/2] probing 127.0.0.1/32 on the SSH port", result.Output, StringComparison.Ordinal);
        // Cleared after the last step, then the result on a line of its own; no line per step.
        Assert.Matches(@"\r\u001b\[K[01] of 1 addresses in 127\.0\.0\.1/32 answered", result.Output);
        Assert.DoesNotContain("[1/2] connecting to the hub\r\n", result.Output, StringComparison.Ordinal);
    }
}
