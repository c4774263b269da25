using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Cli;
using PiController.Hub.Nodes;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// The completion scripts, loaded by the real shells: each completes a verb from the command tree and a node id
/// from a running hub (through pi-controller __complete, as a user's shell runs it). zsh and fish are checked where
/// they are installed (scripts/test installs them).
/// </summary>
public sealed class CompletionTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private InProcessHub _hub = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _hub = await InProcessHub.StartAsync();
        var nodes = _hub.App.Services.GetRequiredService<NodeStore>();
        nodes.RecordEnrolled("pi-kitchen", "kitchen");
        nodes.RecordEnrolled("pi-porch", "porch");
        InProcessCli.WriteLauncher(_directory.Path);
        _environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{_directory.Path}:{Environment.GetEnvironmentVariable("PATH")}",
            ["PI_CONTROLLER_HUB"] = $"https://127.0.0.1:{_hub.Options.Port}",
            ["PI_CONTROLLER_CA_FINGERPRINT"] = _hub.App.Services.GetRequiredService<CertificateAuthority>().Fingerprint,
            ["PI_CONTROLLER_TOKEN"] = _hub.Token(ApiRole.Viewer),
            ["XDG_CONFIG_HOME"] = _directory.Directory("xdg"),
            ["HOME"] = _directory.Path,
        };
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    private async Task<string[]> BashAsync(params string[] words)
    {
        var script = "source <(pi-controller completion bash)\n" +
                     $"COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}\n" +
                     "_pi_controller\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        var result = (await Run.Async("bash", ["-c", script], environment: _environment)).Ok("bash");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Bash_completes_a_verb()
    {
        Assert.Equal(["nodes"], await BashAsync("pi-controller", "nod"));
        Assert.Equal(["label", "list", "ls"], await BashAsync("pi-controller", "nodes", "l"));
    }

    [Fact]
    public async Task Bash_completes_node_ids_from_the_hub()
    {
        Assert.Equal(["pi-kitchen", "pi-porch"], await BashAsync("pi-controller", "nodes", "get", ""));
        Assert.Equal(["pi-porch"], await BashAsync("pi-controller", "gpio", "ls", "pi-p"));
        Assert.Equal(["pi-kitchen"], await BashAsync("pi-controller", "events", "--node", "pi-k"));
        // Once the node is given, the next word is not a node id.
        Assert.Equal(["high", "low"], await BashAsync("pi-controller", "gpio", "write", "pi-kitchen", "17", ""));
    }

    [Fact]
    public async Task Bash_completes_option_names_and_their_values()
    {
        Assert.Contains("--client", await BashAsync("pi-controller", "version", "--"));
        Assert.Equal(["bash"], await BashAsync("pi-controller", "completion", "b"));
    }

    [Fact]
    public async Task Without_a_reachable_hub_node_ids_complete_to_nothing_and_print_nothing()
    {
        _environment["PI_CONTROLLER_HUB"] = "https://127.0.0.1:1";
        var result = await Run.Async("pi-controller", ["__complete", "nodes", "get", ""], environment: _environment);

        Assert.Equal((0, "", ""), (result.ExitCode, result.Output, result.Error));
    }

    [Fact]
    public async Task Zsh_completes_a_verb_and_a_node_id()
    {
        if (!Installed("zsh"))
        {
            return;
        }
        async Task<string[]> Zsh(params string[] words)
        {
            // compadd and compdef exist only inside zsh's completion system; these stand-ins print what would be offered.
            var script = "compdef() { : }\ncompadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift; print -l -- \"$@\" }\n" +
                         "source <(pi-controller completion zsh)\n" +
                         $"words=({string.Join(' ', words.Select(w => $"'{w}'"))}); CURRENT={words.Length}\n_pi_controller\n";
            return (await Run.Async("zsh", ["-f", "-c", script], environment: _environment)).Ok("zsh").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        Assert.Equal(["nodes"], await Zsh("pi-controller", "nod"));
        Assert.Equal(["pi-kitchen", "pi-porch"], await Zsh("pi-controller", "nodes", "ping", ""));
    }

    [Fact]
    public async Task Fish_completes_a_verb_and_a_node_id()
    {
        if (!Installed("fish"))
        {
            return;
        }
        async Task<string[]> Fish(string line) =>
            (await Run.Async("fish", ["--no-config", "-c", $"pi-controller completion fish | source; complete -C '{line}'"], environment: _environment))
                .Ok("fish").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')[0]).ToArray();
        Assert.Equal(["nodes"], await Fish("pi-controller nod"));
        Assert.Equal(["pi-kitchen", "pi-porch"], await Fish("pi-controller nodes ping "));
    }

    [Fact]
    public void Resource_names_complete_for_get_describe_and_delete_only_after_the_kind()
    {
        var root = HubCommandLine.Build();

        Assert.Equal(["gpio", "i2c", "pwm"], CompletionCommand.Complete(root, ["get", ""]));
        Assert.Equal(["pwm"], CompletionCommand.Complete(root, ["delete", "p"]));
    }

    [Fact]
    public void Option_values_the_verb_parses_itself_complete_from_one_table()
    {
        var root = HubCommandLine.Build();

        Assert.Equal(["input", "output"], CompletionCommand.Complete(root, ["gpio", "config", "pi-kitchen", "17", "--mode", ""]));
        Assert.Equal(["rising"], CompletionCommand.Complete(root, ["create", "gpio", "door", "--edge", "r"]));
        Assert.Equal(["high", "low"], CompletionCommand.Complete(root, ["gpio", "write", "pi-kitchen", "17", ""]));
        Assert.Contains("operator", CompletionCommand.Complete(root, ["token", "create", "--api", "--role", ""]));
    }

    private static bool Installed(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Join(d, program)));
}
