using PiController.Hub.Cli;
using PiController.Hub.Cli.Help;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// The help of every verb (walked over the command tree, so a new verb is covered): examples that parse as that
/// verb, a one-line suggestion for a mistyped verb, and a bare pi-controller that prints help and exits 0.
/// </summary>
public sealed class CliHelpTests
{
    [Fact]
    public void Every_verb_has_examples_and_each_parses_as_that_verb()
    {
        var root = HubCommandLine.Build();
        var failures = new List<string>();
        foreach (var command in ManPages.Commands(root))
        {
            var path = CliExamples.PathOf(command);
            var examples = CliExamples.For(command);
            if (examples.Count == 0)
            {
                failures.Add($"pi-controller {path}: no examples (add them to CliExamples)");
            }
            foreach (var example in examples)
            {
                Assert.StartsWith("pi-controller ", example.Line, StringComparison.Ordinal);
                var parse = root.Parse(example.Line["pi-controller ".Length..]);
                if (parse.Errors.Count > 0)
                {
                    failures.Add($"{example.Line}: {parse.Errors[0].Message}");
                }
                else if (CliExamples.PathOf(parse.CommandResult.Command) is var runs && runs != path && !runs.StartsWith(path + " ", StringComparison.Ordinal) && path.Length > 0)
                {
                    // A group's examples run one of its verbs; a verb's examples run that verb.
                    failures.Add($"{example.Line}: is an example of \"{path}\" but runs \"{runs}\"");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("nodes", "ls", "--help")]
    [InlineData("config", "get-contexts", "--help")]
    [InlineData("gpio", "--help")]
    public async Task Help_shows_the_examples_of_the_verb(params string[] arguments)
    {
        var result = await InProcessCli.RunAsync(null, arguments);

        Assert.Equal(0, result.Code);
        var examples = CliExamples.For(HubCommandLine.Build().Parse(arguments).CommandResult.Command);
        Assert.Contains("Examples:\n", result.Output, StringComparison.Ordinal);
        Assert.All(examples, e => Assert.Contains($"  # {e.Comment}\n  {e.Line}\n", result.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bare_pi_controller_prints_the_help_with_the_exit_codes_and_exits_0()
    {
        var result = await InProcessCli.RunAsync(null);

        Assert.Equal(0, result.Code);
        Assert.Equal("", result.Error);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Contains("Exit status:\n  0 ", result.Output, StringComparison.Ordinal);
        Assert.Contains("  130  interrupted", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nodse", "pi-controller: unknown command \"nodse\"; did you mean \"nodes\"? (see pi-controller --help)")]
    [InlineData("nodes lss", "pi-controller nodes: unknown command \"lss\"; did you mean \"ls\"? (see pi-controller nodes --help)")]
    [InlineData("confg view", "pi-controller: unknown command \"confg\"; did you mean \"config\"? (see pi-controller --help)")]
    [InlineData("verison", "pi-controller: unknown command \"verison\"; did you mean \"version\"? (see pi-controller --help)")]
    public async Task A_mistyped_verb_gets_one_suggestion_and_exit_code_2(string commandLine, string expected)
    {
        var result = await InProcessCli.RunAsync(null, commandLine.Split(' '));

        Assert.Equal(CliMain.Usage, result.Code);
        Assert.Equal(expected, result.Error.TrimEnd());
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_word_like_no_verb_lists_the_verbs_instead_of_guessing()
    {
        var result = await InProcessCli.RunAsync(null, "xyzzy");

        Assert.Equal(CliMain.Usage, result.Code);
        Assert.StartsWith("pi-controller: unknown command \"xyzzy\"; the commands are serve, nodes, ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Version_with_client_needs_no_hub()
    {
        var text = await InProcessCli.RunAsync(null, "version", "--client", "--hub", "https://127.0.0.1:1");
        var json = await InProcessCli.RunAsync(null, "version", "--client", "-o", "json");

        Assert.Equal((0, $"Client Version: {PiController.Hub.Hosting.HubVersion.Current}\n"), (text.Code, text.Output));
        Assert.Equal(0, json.Code);
        Assert.Contains($"\"clientVersion\": \"{PiController.Hub.Hosting.HubVersion.Current}\"", json.Output, StringComparison.Ordinal);
        Assert.Contains("\"serverVersion\": null", json.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_suggestion_counts_a_swap_of_two_letters_as_one_edit()
    {
        Assert.Equal(1, CommandSuggestion.Distance("nodse", "nodes"));
        Assert.Equal("nodes", CommandSuggestion.Nearest("nodse", ["serve", "nodes", "node-x"]));
        Assert.Null(CommandSuggestion.Nearest("qqqq", ["serve", "nodes"]));
    }
}
