using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiController.Hub.Security;

namespace PiController.Hub.Tests.Cli;

/// <summary>
/// Contexts: <c>login</c> against a real hub over TLS (wrong and right CA fingerprint, good and bad token on standard
/// input), the config verbs on the file it writes, and verbs that then reach the hub with no flag at all.
/// </summary>
public sealed class ContextTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private InProcessHub _hub = null!;

    private string Config => _directory.File("conf/config");

    private string HubUrl => $"https://127.0.0.1:{_hub.Options.Port}";

    private string Fingerprint => _hub.App.Services.GetRequiredService<CertificateAuthority>().Fingerprint;

    public async Task InitializeAsync() => _hub = await InProcessHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    private Task<InProcessCli.Result> Cli(string? input, params string[] arguments) =>
        InProcessCli.RunAsync(input, [.. arguments, "--config", Config, "--data-dir", _directory.File("no-hub-here")]);

    [Fact]
    public async Task Login_with_the_wrong_fingerprint_is_refused_and_saves_nothing()
    {
        var result = await Cli(_hub.Token(ApiRole.Viewer), "login", HubUrl, "--ca-fingerprint", new string('a', 64));

        Assert.Equal(1, result.Code);
        Assert.Contains($"is not the one given with --ca-fingerprint (sha256 {new string('a', 64)})", result.Error, StringComparison.Ordinal);
        Assert.Contains(Fingerprint, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Config));
        Assert.False(Directory.Exists(_directory.File("conf/tokens")));
    }

    [Fact]
    public async Task Login_without_a_terminal_needs_the_fingerprint_on_the_command_line()
    {
        var result = await Cli(_hub.Token(ApiRole.Viewer), "login", HubUrl);

        Assert.Equal(1, result.Code);
        Assert.Contains("standard input is not a terminal", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Config));
    }

    [Fact]
    public async Task Login_with_a_token_the_hub_refuses_saves_nothing()
    {
        var result = await Cli("pic_not_a_real_token\n", "login", HubUrl, "--ca-fingerprint", Fingerprint);

        Assert.Equal(1, result.Code);
        Assert.Contains("the hub did not accept the token", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Config));
    }

    [Fact]
    public async Task Login_never_takes_the_token_from_a_flag()
    {
        var result = await Cli("", "login", HubUrl, "--ca-fingerprint", Fingerprint, "--token", _hub.Token(ApiRole.Viewer));

        Assert.Equal(1, result.Code);
        Assert.Contains("reads the API token from standard input", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Config));
    }

    [Fact]
    public async Task Login_saves_a_private_context_and_later_commands_need_no_flags()
    {
        var token = _hub.Token(ApiRole.Viewer);
        var login = await Cli(token + "\n", "login", HubUrl, "--name", "home", "--ca-fingerprint", Fingerprint.ToUpperInvariant());
        Assert.True(login.Code == 0, login.Error);
        Assert.Contains("Context \"home\" is current", login.Output, StringComparison.Ordinal);

        // The config names the token file; only the token file holds the token, and both are the user's alone.
        var config = await File.ReadAllTextAsync(Config);
        Assert.DoesNotContain(token, config, StringComparison.Ordinal);
        Assert.Contains($"hub: {HubUrl}", config, StringComparison.Ordinal);
        Assert.Contains($"ca-fingerprint: {Fingerprint}", config, StringComparison.Ordinal);
        Assert.Contains("token-file: tokens/home.token", config, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Config));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory.File("conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory.File("conf/tokens")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_directory.File("conf/tokens/home.token")));
        Assert.Equal(token, (await File.ReadAllTextAsync(_directory.File("conf/tokens/home.token"))).Trim());

        var version = await Cli(null, "version");
        Assert.True(version.Code == 0, version.Error);
        Assert.Contains($"Server Version: {PiController.Hub.Hosting.HubVersion.Current} (API v1, {HubUrl}/)", version.Output, StringComparison.Ordinal);

        var current = await Cli(null, "config", "current-context");
        Assert.Equal("home", current.Output.Trim());
        var view = await Cli(null, "config", "view");
        Assert.DoesNotContain(token, view.Output, StringComparison.Ordinal);
        Assert.Contains("current-context: home", view.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_terminal_login_asks_to_trust_the_CA_then_reads_the_token()
    {
        // script(1) gives the program a terminal; what is piped into script is what the person types.
        var launcher = InProcessCli.WriteLauncher(_directory.Path);
        var token = _hub.Token(ApiRole.Viewer);
        var command = $"{launcher} login {HubUrl} --name tty --config {Config}";
        var result = await Run.Async("sh", ["-c", $"printf 'y\\n{token}\\n' | script -qec '{command}' /dev/null"], environment: new Dictionary<string, string> { ["TERM"] = "dumb" });

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"fingerprint {Fingerprint}", result.Output, StringComparison.Ordinal);
        Assert.Contains("Trust this CA? [y/N]", result.Output, StringComparison.Ordinal);
        Assert.Contains("Context \"tty\" is current", result.Output, StringComparison.Ordinal);
        Assert.Equal(token, (await File.ReadAllTextAsync(_directory.File("conf/tokens/tty.token"))).Trim());
    }

    [Fact]
    public async Task On_a_terminal_login_saves_nothing_unless_the_CA_is_trusted()
    {
        var launcher = InProcessCli.WriteLauncher(_directory.Path);
        var command = $"{launcher} login {HubUrl} --config {Config}";
        var result = await Run.Async("sh", ["-c", $"printf 'n\\n' | script -qec '{command}' /dev/null"], environment: new Dictionary<string, string> { ["TERM"] = "dumb" });

        Assert.Contains("the hub's CA was not trusted; nothing was saved", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Config));
    }

    [Fact]
    public async Task Contexts_are_listed_switched_and_deleted()
    {
        Assert.Equal(0, (await Cli(_hub.Token(ApiRole.Viewer), "login", HubUrl, "--name", "home", "--ca-fingerprint", Fingerprint)).Code);
        Assert.Equal(0, (await Cli(_hub.Token(ApiRole.Operator), "login", HubUrl, "--name", "lab", "--ca-fingerprint", Fingerprint)).Code);

        var table = await Cli(null, "config", "get-contexts");
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("CURRENT  NAME", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^\s+home\s", lines[1]);
        Assert.Matches(@"^\*\s+lab\s", lines[2]);

        Assert.Equal(0, (await Cli(null, "config", "use-context", "home")).Code);
        using (var json = JsonDocument.Parse((await Cli(null, "config", "get-contexts", "-o", "json")).Output))
        {
            Assert.Equal(["home"], json.RootElement.EnumerateArray().Where(c => c.GetProperty("current").GetBoolean()).Select(c => c.GetProperty("name").GetString()));
        }

        var missing = await Cli(null, "config", "use-context", "attic");
        Assert.Equal(1, missing.Code);
        Assert.Contains("the contexts are home, lab", missing.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await Cli(null, "config", "delete-context", "home")).Code);
        Assert.False(File.Exists(_directory.File("conf/tokens/home.token")));
        var none = await Cli(null, "config", "current-context");
        Assert.Equal(1, none.Code);
        Assert.Contains("no current context", none.Error, StringComparison.Ordinal);
        // With no current context, --context picks one for one command.
        var version = await Cli(null, "version", "--context", "lab");
        Assert.True(version.Code == 0, version.Error);
    }

    [Fact]
    public async Task A_token_file_others_can_read_is_refused()
    {
        Assert.Equal(0, (await Cli(_hub.Token(ApiRole.Viewer), "login", HubUrl, "--ca-fingerprint", Fingerprint)).Code);
        File.SetUnixFileMode(_directory.File("conf/tokens/127.0.0.1.token"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await Cli(null, "version");

        Assert.Equal(1, result.Code);
        Assert.Contains("can be read by others; chmod 600", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_config_is_one_line_with_its_line_number()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Config)!);
        await File.WriteAllTextAsync(Config, "current-context: home\ncontexts:\n- name: home\n  hub: https://h:8443\n  token: pic_secret\n");

        var result = await Cli(null, "nodes", "ls");

        Assert.Equal(1, result.Code);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{Config} line 5: a token is not kept in the config", result.Error, StringComparison.Ordinal);
    }
}
