using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// No input makes the CLI print a stack trace: every command of the tree built by <see cref="HubCommandLine"/>
/// (walked here, so a new verb is covered without touching this test) is run with an unknown flag, without its
/// required arguments, with garbage for each typed value, and with a directory, a missing file and terminal escapes
/// for each text value. Each answer is one line on stderr and a non-zero exit code.
/// </summary>
public sealed class CliBadInputTests : IDisposable
{
    private static readonly string[] GlobalOptions = ["--data-dir", "--hub", "--token", "--ca-fingerprint", "--context", "--config"];
    private readonly TempDirectory _directory = new();
    private readonly TcpListener _heldPort = new(IPAddress.Loopback, 0);

    public CliBadInputTests() => _heldPort.Start();

    public void Dispose()
    {
        _heldPort.Dispose();
        _directory.Dispose();
    }

    private sealed record Case(string[] Arguments, bool UsageError);

    [Fact]
    public async Task Every_verb_answers_bad_arguments_with_one_line_and_a_non_zero_exit_code()
    {
        var cases = Cases(HubCommandLine.Build()).ToList();
        Assert.True(cases.Count > 100, $"only {cases.Count} cases: the walk missed the command tree");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var (code, output, error) = await RunInProcessAsync(c.Arguments);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var problem =
                code == 0 ? "exit code 0"
                : code == 134 ? "exit code 134"
                : c.UsageError && code != CliMain.Usage ? $"exit code {code}, expected {CliMain.Usage} (usage)"
                : lines.Length != 1 ? $"{lines.Length} lines on stderr"
                : !lines[0].StartsWith("pi-controller", StringComparison.Ordinal) ? "stderr does not start with pi-controller"
                : (output + error).Contains("   at ", StringComparison.Ordinal) ? "a stack trace"
                : (output + error).Contains("Unhandled exception", StringComparison.Ordinal) ? "an unhandled exception"
                : error.Contains(CliMain.UnexpectedMarker, StringComparison.Ordinal) ? "an unexpected exception"
                : error.Contains('\u001b', StringComparison.Ordinal) ? "a raw escape character"
                : ForbiddenText.Find(output + error) is { } forbidden ? $"\"{forbidden}\" (a .NET type name, TimeSpan or locale text)"
                : null;
            if (problem is not null)
            {
                failures.Add($"pi-controller {string.Join(' ', c.Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))}: {problem}\n  stdout: {output.Trim()}\n  stderr: {error.Trim()}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task An_exception_nobody_expected_is_one_line_with_its_message_and_exit_code_1()
    {
        var root = new RootCommand("test");
        var boom = new Command("boom", "throws");
        boom.SetAction(int (_) => throw new InvalidOperationException("the widget is bent", new IOException("deep reason")));
        root.Subcommands.Add(boom);
        var output = new StringWriter();
        var error = new StringWriter();
        int code;
        using (Terminal.RedirectTo(output, error))
        {
            code = await CliMain.RunAsync(root, ["boom"]);
        }
        Assert.Equal(1, code);
        Assert.Equal($"pi-controller: {CliMain.UnexpectedMarker}: the widget is bent: deep reason (please report it, with the command that led to it)", error.ToString().TrimEnd());
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData("apply -f MISSING")]
    [InlineData("apply -f DIRECTORY")]
    [InlineData("nodes ls --no-such-flag")]
    [InlineData("nodes ping node-1 -c many")]
    [InlineData("nodes")]
    public async Task The_real_program_exits_with_one_line_and_no_stack_trace(string commandLine)
    {
        var arguments = commandLine.Split(' ')
            .Select(a => a switch { "MISSING" => _directory.File("missing.json"), "DIRECTORY" => _directory.Path, _ => a })
            .Concat(["--data-dir", _directory.Path])
            .ToArray();
        var (code, output, error) = await RunProcessAsync(arguments);

        Assert.True(code is 1 or 2, $"exit code {code}\n{output}\n{error}");
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("pi-controller", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_in_the_hub_writes_to_the_console_except_through_Terminal()
    {
        var hub = Path.Join(Root(), "hub");
        var offenders = Directory.EnumerateFiles(hub, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && Path.GetFileName(f) != "Terminal.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("Console.Write", StringComparison.Ordinal) || l.Text.Contains("Console.Out", StringComparison.Ordinal)
                        || l.Text.Contains("Console.Error", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(hub, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "write through Terminal (it escapes what came from the network):\n" + string.Join('\n', offenders));
    }

    private IEnumerable<Case> Cases(RootCommand root)
    {
        var directory = Directory.CreateDirectory(_directory.File("a-directory")).FullName;
        var missing = _directory.File("no-such-file");
        var data = Directory.CreateDirectory(_directory.File("data")).FullName;
        string[] connection = ["--hub", "https://127.0.0.1:1", "--ca-fingerprint", new string('0', 64), "--token", "pic_test_secret", "--data-dir", data];
        string[] hostile = [directory, missing, "bad\u001b[2J\u202evalue"];

        foreach (var (command, path) in Walk(root, []))
        {
            var serve = path is ["serve"];
            string[] tail = serve
                ? [.. connection, "--address", "127.0.0.1", "--port", ((IPEndPoint)_heldPort.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mdns", "off"]
                : connection;
            var arguments = command.Arguments.ToList();
            var required = command.Options.Where(o => o.Required).ToList();
            string[] Valid(Argument? instead = null, string? value = null) =>
                [.. arguments.SelectMany(a => a == instead ? [value!] : a.Arity.MinimumNumberOfValues > 0 ? [Sample(a.ValueType)] : Array.Empty<string>()),
                 .. required.SelectMany(o => new[] { o.Name, Sample(o.ValueType) })];

            yield return new Case([.. path, .. Valid(), "--no-such-flag", .. tail], UsageError: true);
            if (arguments.Any(a => a.Arity.MinimumNumberOfValues > 0) || required.Count > 0 || (command.Subcommands.Count > 0 && command.Action is null))
            {
                yield return new Case([.. path, .. tail], UsageError: true);
            }
            if (command.Action is null)
            {
                continue;
            }
            foreach (var argument in arguments)
            {
                if (IsText(argument.ValueType))
                {
                    foreach (var value in hostile)
                    {
                        yield return new Case([.. path, .. Valid(argument, value), .. tail], UsageError: false);
                    }
                }
                else
                {
                    yield return new Case([.. path, .. Valid(argument, "garbage"), .. tail], UsageError: true);
                }
            }
            foreach (var option in command.Options.Where(o => o.ValueType != typeof(bool) && !GlobalOptions.Contains(o.Name)))
            {
                var withoutIt = serve ? tail.Where((t, i) => t != option.Name && (i == 0 || tail[i - 1] != option.Name)).ToArray() : tail;
                if (IsText(option.ValueType))
                {
                    foreach (var value in hostile)
                    {
                        yield return new Case([.. path, .. Valid(), option.Name, value, .. withoutIt], UsageError: false);
                    }
                }
                else
                {
                    yield return new Case([.. path, .. Valid(), option.Name, "garbage", .. withoutIt], UsageError: true);
                }
            }
        }
        // The options every verb shares, once each, on a verb that needs them all.
        foreach (var option in GlobalOptions)
        {
            foreach (var value in hostile)
            {
                var tail = connection.Where((t, i) => t != option && (i == 0 || connection[i - 1] != option)).ToArray();
                yield return new Case(["nodes", "ls", option, value, .. tail], UsageError: false);
            }
        }
    }

    private static IEnumerable<(Command Command, string[] Path)> Walk(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] subPath = [.. path, sub.Name];
            yield return (sub, subPath);
            foreach (var nested in Walk(sub, subPath))
            {
                yield return nested;
            }
        }
    }

    private static bool IsText(Type type) => type == typeof(string) || type == typeof(string[]);

    private static string Sample(Type type) =>
        IsText(type) ? "x" : type == typeof(double) || type == typeof(double?) ? "1.5" : "1";

    private static async Task<(int Code, string Output, string Error)> RunInProcessAsync(string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using (Terminal.RedirectTo(output, error))
        {
            var code = await CliMain.RunAsync(arguments);
            return (code, output.ToString(), error.ToString());
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunProcessAsync(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "pi-controller.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["PI_CONTROLLER_HUB"] = "https://127.0.0.1:1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        return (process.ExitCode, await output, await error);
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Join(directory.FullName, "PiController.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("PiController.sln not found");
    }
}
