using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace PiController.EndToEnd.Tests.Readme;

/// <summary>
/// The README's tutorial cannot drift: every <c>$ </c> command of its <c>```console</c> blocks runs here, in order,
/// through <c>scripts/pi-controller</c> as a reader runs it, against a real hub and a simulated agent started as
/// <c>scripts/run</c> starts them (simulated Pi 4B, GPIO17 wired to GPIO27, node id from the machine id), and its
/// output (stdout and stderr together) must be what the README shows. What varies between runs (node ids, times,
/// durations, measurements, ports, token secrets, fingerprints, the host name) is compared by pattern: the rules
/// are in <see cref="TutorialOutput"/>. Also:
/// <list type="bullet">
/// <item>The README's example node id (<c>sim-0a1b2c3d4e5f</c>) in a command is replaced by this run's.</item>
/// <item>A command that only sets a shell variable (<c>NODE=...</c>) is remembered for the commands after it, as
/// the reader's shell remembers it.</item>
/// <item>An output that starts with <c>pi-controller:</c> is an error: the command must fail; any other must succeed.</item>
/// <item>A read (get, ls, read, events, audit) whose output does not match yet is run again for up to 30 s: the hub
/// reconciles and reports asynchronously, and a reader sees the state a moment later (rewriting, until two runs a
/// second apart agree). Changes run once.</item>
/// </list>
/// A failure shows the command, the README's output and the actual one. When an output changed on purpose,
/// <c>PI_README_REWRITE=1 scripts/test EndToEnd.Tests 'FullyQualifiedName~ReadmeTutorialTests'</c> writes the actual
/// outputs into README.md (identities as the examples above; lines that still match are kept as written); review
/// the diff and commit it.
/// </summary>
public sealed partial class ReadmeTutorialTests(ITestOutputHelper log)
{
    private const string RewriteVariable = "PI_README_REWRITE";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_command_of_the_README_tutorial_prints_what_the_README_shows()
    {
        Assert.True(Repo.Configuration == "Release",
            "the README runs scripts/pi-controller, which is the Release build: run with PI_TEST_CONFIGURATION=Release (scripts/test does)");
        var readme = Path.Join(Repo.Root, "README.md");
        var tutorial = ReadmeTutorial.Parse(await File.ReadAllTextAsync(readme));
        Assert.True(tutorial.Steps.Count >= 20, $"the README's tutorial has {tutorial.Steps.Count} commands in ```console blocks; expected the whole walk-through");
        var rewrite = Environment.GetEnvironmentVariable(RewriteVariable) == "1";

        using var hub = await HubInstance.StartAsync();
        using var agent = TestProcess.Start(Repo.AgentBinary,
            ["--hub", hub.Address.ToString(), "--board", "sim", "--sim-wiring", "17-27", "--data-dir", TempDirectory.Kept("pi-e2e", "agent"), "--mdns", "off"],
            new Dictionary<string, string> { ["PI_AGENT_TOKEN"] = hub.JoinToken });
        var node = await Eventually.ReachesAsync(async () => (await hub.NodesAsync()).FirstOrDefault(),
            n => n.ValueKind == JsonValueKind.Object && n.GetProperty("connected").GetBoolean() && n.GetProperty("metrics").ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(60), last => $"the simulated agent did not connect and report: {last}\nagent:\n{agent.Output}");
        var nodeId = node.GetProperty("nodeId").GetString()!;
        var output = new TutorialOutput(hub.DataDirectory, (await File.ReadAllTextAsync("/proc/sys/kernel/hostname")).Trim());
        var environment = new Dictionary<string, string>
        {
            ["PI_CONTROLLER_DATA_DIR"] = hub.DataDirectory,
            ["PI_CONTROLLER_HUB"] = hub.Address.ToString(),
        };

        var shell = new List<string>();
        var rewritten = new Dictionary<TutorialStep, IReadOnlyList<string>>();
        foreach (var step in tutorial.Steps)
        {
            var command = TutorialOutput.ForThisRun(step.Command, nodeId);
            var (code, actual) = await RunAsync(shell, command, environment, output);
            var until = DateTime.UtcNow + Settle;
            while (!output.Matches(step.Expected, actual) && ReadOnly().IsMatch(step.Command) && DateTime.UtcNow < until)
            {
                await Task.Delay(rewrite ? 1000 : 500);
                var before = actual;
                (code, actual) = await RunAsync(shell, command, environment, output);
                if (rewrite && output.Matches(before, actual))
                {
                    // Rewriting, the README's output is a stale one: what the hub settled on is the new one.
                    break;
                }
            }
            if (Assignment().IsMatch(command))
            {
                shell.Add(command);
            }
            if (rewrite)
            {
                var merged = output.Merge(step.Expected, actual);
                if (!merged.SequenceEqual(step.Expected))
                {
                    rewritten[step] = merged;
                    log.WriteLine($"{step}: output rewritten");
                }
                continue;
            }
            var succeeded = code == 0;
            Assert.True(output.Matches(step.Expected, actual) && succeeded != step.ExpectsFailure, Describe(step, command, code, actual));
        }
        if (rewrite && rewritten.Count > 0)
        {
            await File.WriteAllTextAsync(readme, tutorial.Rewrite(rewritten));
            log.WriteLine($"{RewriteVariable}=1: rewrote the output of {rewritten.Count} command(s) in {readme}; review the diff");
        }
    }

    private static async Task<(int Code, IReadOnlyList<string> Lines)> RunAsync(List<string> shell, string command, IDictionary<string, string> environment, TutorialOutput output)
    {
        // The braces keep a trailing "# comment" of the command away from the redirection.
        var script = string.Join('\n', [.. shell, "{", command, "} 2>&1"]);
        var result = await Run.Async("bash", ["-c", script], Repo.Root, environment, TimeSpan.FromSeconds(90));
        return (result.ExitCode, output.Lines(result.All));
    }

    private static string Describe(TutorialStep step, string command, int code, IReadOnlyList<string> actual) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            {step} no longer prints what the README shows (run here as: {command})
            --- README.md shows{(step.ExpectsFailure ? " (a failing command)" : "")}:
            {string.Join('\n', step.Expected)}
            --- the command printed (exit code {code}):
            {string.Join('\n', actual)}
            ---
            If the change is deliberate, bring the README along: {RewriteVariable}=1 scripts/test EndToEnd.Tests 'FullyQualifiedName~ReadmeTutorialTests'
            """);

    /// <summary>Commands that change nothing, so running them again until the hub has caught up is harmless.</summary>
    [GeneratedRegex(@"^scripts/pi-controller (?:get|nodes (?:ls|get|pending)|gpio (?:read|ls|events)|pwm ls|i2c (?:scan|readings)|events|audit|token ls)\b")]
    private static partial Regex ReadOnly();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=\S*\s*(?:#.*)?$")]
    private static partial Regex Assignment();
}
