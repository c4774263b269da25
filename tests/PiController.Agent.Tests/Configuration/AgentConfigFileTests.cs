using PiController.Agent.Configuration;

namespace PiController.Agent.Tests.Configuration;

public sealed class AgentConfigFileTests
{
    private const string Fingerprint = "3f1c9a0b7e5d2c4f6a8b0c1d2e3f405162738495a6b7c8d9eaf0112233445566";

    private static AgentOptions Read(string text)
    {
        var options = new AgentOptions();
        AgentConfigFile.Apply(options, "/etc/pi-controller/agent.conf", text);
        return options;
    }

    [Fact]
    public void Valid_file_sets_every_setting()
    {
        var options = Read($"""
            hub = https://hub.local:8443
            ca-fingerprint = {Fingerprint}
            data-dir = /srv/pi
            board = sim
            sim-serial = bench-01
            log-level = debug
            system-root = /
            """);

        Assert.Equal(new Uri("https://hub.local:8443"), options.Hub);
        Assert.Equal(Fingerprint, options.CaFingerprint);
        Assert.Equal("/srv/pi", options.DataDirectory);
        Assert.True(options.IsSimulated);
        Assert.Equal("bench-01", options.SimSerial);
        Assert.Equal("debug", options.LogLevel);
        Assert.Equal("/", options.SystemRoot);
    }

    [Fact]
    public void Comments_blank_lines_and_carriage_returns_are_ignored()
    {
        var options = Read("# written by the preseed script\r\n\r\n   # indented comment\r\nlog-level = warning\r\n");

        Assert.Equal("warning", options.LogLevel);
        Assert.Null(options.Hub);
    }

    [Fact]
    public void Quoted_value_is_unquoted()
    {
        var options = Read("data-dir = \"/var/lib/pi controller\"");

        Assert.Equal("/var/lib/pi controller", options.DataDirectory);
    }

    [Fact]
    public void Unterminated_quote_is_reported_with_its_line()
    {
        var e = Assert.Throws<ConfigException>(() => Read("log-level = info\ndata-dir = \"/srv"));

        Assert.StartsWith("/etc/pi-controller/agent.conf:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("unterminated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_line_is_reported_with_its_number()
    {
        var e = Assert.Throws<ConfigException>(() => Read("# comment\nlog-level = info\nhub https://hub.local\n"));

        Assert.StartsWith("/etc/pi-controller/agent.conf:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("hub https://hub.local", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_that_starts_with_equals_is_malformed()
    {
        var e = Assert.Throws<ConfigException>(() => Read("= info"));

        Assert.StartsWith("/etc/pi-controller/agent.conf:1:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_is_reported_with_the_known_ones()
    {
        var e = Assert.Throws<ConfigException>(() => Read("log-level = info\nhub-url = https://hub.local"));

        Assert.StartsWith("/etc/pi-controller/agent.conf:2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown setting \"hub-url\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("ca-fingerprint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_key_names_the_first_line()
    {
        var e = Assert.Throws<ConfigException>(() => Read("log-level = info\n\nlog-level = debug"));

        Assert.StartsWith("/etc/pi-controller/agent.conf:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("already set on line 1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://hub.local:8443")]
    [InlineData("hub.local:8443")]
    [InlineData("https://")]
    [InlineData("")]
    public void Hub_that_is_not_an_https_address_is_refused(string hub)
    {
        var e = Assert.Throws<ConfigException>(() => Read($"hub = {hub}"));

        Assert.Contains("hub must be an https:// address", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc123")]
    [InlineData("zz1c9a0b7e5d2c4f6a8b0c1d2e3f405162738495a6b7c8d9eaf0112233445566")]
    [InlineData("3f1c9a0b7e5d2c4f6a8b0c1d2e3f405162738495a6b7c8d9eaf011223344556677")]
    public void Fingerprint_that_is_not_64_hex_digits_is_refused(string fingerprint)
    {
        var e = Assert.Throws<ConfigException>(() => Read($"ca-fingerprint = {fingerprint}"));

        Assert.StartsWith("/etc/pi-controller/agent.conf:1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("64 hex digits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_with_prefix_colons_and_capitals_is_normalised()
    {
        var colons = string.Join(':', Enumerable.Range(0, 32).Select(i => Fingerprint.Substring(i * 2, 2).ToUpperInvariant()));

        var options = Read($"ca-fingerprint = sha256:{colons}");

        Assert.Equal(Fingerprint, options.CaFingerprint);
    }

    [Theory]
    [InlineData("board = pi5", "board must be")]
    [InlineData("data-dir = relative/path", "absolute path")]
    [InlineData("log-level = verbose", "log-level must be")]
    [InlineData("sim-serial = has space", "sim-serial must be")]
    [InlineData("system-root = /no/such/directory/anywhere", "is not a directory")]
    public void Invalid_value_is_refused_with_what_is_expected(string line, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Read(line));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
