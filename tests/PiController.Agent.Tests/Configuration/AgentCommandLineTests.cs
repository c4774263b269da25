using PiController.Agent.Configuration;
using PiController.Agent.Tests.Support;

namespace PiController.Agent.Tests.Configuration;

public sealed class AgentCommandLineTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly StringWriter _output = new();

    public void Dispose()
    {
        _tree.Dispose();
        _output.Dispose();
    }

    private AgentOptions? Parse(params string[] args) =>
        AgentCommandLine.Parse(args, name => _environment.GetValueOrDefault(name), _output);

    private string ConfigFile(string text) => _tree.Write("/etc/pi-controller/agent.conf", text);

    [Fact]
    public void Environment_overrides_the_file_and_flags_override_both()
    {
        var path = ConfigFile("log-level = debug\nboard = sim\ndata-dir = /from/file\n");
        _environment["PI_AGENT_LOG_LEVEL"] = "warning";
        _environment["PI_AGENT_DATA_DIR"] = "/from/environment";

        var options = Parse("--config", path, "--log-level", "error");

        Assert.NotNull(options);
        Assert.Equal("error", options.LogLevel);
        Assert.Equal("/from/environment", options.DataDirectory);
        Assert.Equal("sim", options.Board);
    }

    [Fact]
    public void Config_path_can_come_from_the_environment()
    {
        _environment["PI_AGENT_CONFIG"] = ConfigFile("sim-serial = from-file");

        var options = Parse();

        Assert.Equal("from-file", options?.SimSerial);
    }

    [Fact]
    public void Flag_in_equals_form_is_accepted()
    {
        var options = Parse("--config", ConfigFile(""), "--hub=https://hub.local:8443");

        Assert.Equal(new Uri("https://hub.local:8443"), options?.Hub);
    }

    [Fact]
    public void Bad_environment_value_names_the_variable()
    {
        _environment["PI_AGENT_BOARD"] = "pi5";

        var e = Assert.Throws<ConfigException>(() => Parse("--config", ConfigFile("")));

        Assert.StartsWith("environment variable PI_AGENT_BOARD:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_flag_value_names_the_flag()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("--config", ConfigFile(""), "--hub", "http://hub.local"));

        Assert.StartsWith("flag --hub:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_config_file_that_does_not_exist_is_an_error()
    {
        var missing = _tree.PathOf("/etc/none.conf");

        var e = Assert.Throws<ConfigException>(() => Parse("--config", missing));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--frobnicate", "x", "unknown flag --frobnicate")]
    [InlineData("positional", null, "unexpected argument \"positional\"")]
    public void Unknown_arguments_are_refused(string arg, string? value, string expected)
    {
        string[] args = value is null ? ["--config", ConfigFile(""), arg] : ["--config", ConfigFile(""), arg, value];

        var e = Assert.Throws<ConfigException>(() => Parse(args));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flag_without_a_value_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("--config", ConfigFile(""), "--hub"));

        Assert.Contains("--hub needs a value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_prints_the_usage_and_returns_no_options()
    {
        var options = Parse("--help");

        Assert.Null(options);
        Assert.Contains("Usage: pi-agent", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_version_and_returns_no_options()
    {
        var options = Parse("--version");

        Assert.Null(options);
        Assert.Equal($"pi-agent {AgentVersion.Current}", _output.ToString().Trim());
    }
}
