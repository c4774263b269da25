using PiController.Hub.Cli;
using PiController.Hub.Discovery;

namespace PiController.Hub.Tests.Discovery;

public sealed class DiscoveryServeOptionsTests
{
    [Theory]
    [InlineData("5m", 300)]
    [InlineData("90s", 90)]
    [InlineData("90", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("1500ms", 1.5)]
    public void Durations_read_as_a_person_writes_them(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DiscoveryServeOptions.ParseDuration(text, "--lost-after"));

    [Theory]
    [InlineData("")]
    [InlineData("5 minutes")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("31d")]
    public void Other_durations_are_refused_naming_the_flag(string text)
    {
        var e = Assert.Throws<CliException>(() => DiscoveryServeOptions.ParseDuration(text, "--lost-after"));
        Assert.StartsWith("--lost-after must be a duration between 1s and 30d", e.Message, StringComparison.Ordinal);
    }

    private static DiscoveryOptions Read(params string[] arguments)
    {
        var serve = new System.CommandLine.Command("serve");
        DiscoveryServeOptions.AddTo(serve);
        return DiscoveryServeOptions.Read(serve.Parse(arguments));
    }

    [Fact]
    public void Discovered_machines_are_forgotten_after_seven_days_unless_serve_says_otherwise()
    {
        Assert.Equal(TimeSpan.FromDays(7), Read().ForgetAfter);
        Assert.Equal(TimeSpan.FromDays(14), Read("--forget-machines-after", "2w").ForgetAfter);
        var e = Assert.Throws<CliException>(() => Read("--forget-machines-after", "2m", "--lost-after", "5m"));
        Assert.Contains("--forget-machines-after must be at least 1m and at least --lost-after", e.Message, StringComparison.Ordinal);
    }
}
