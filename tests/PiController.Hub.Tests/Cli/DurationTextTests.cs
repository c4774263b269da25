using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Cli;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData(" 1d12h ", 36 * 3600)]
    public void A_duration_is_read_as_people_write_it(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--ttl"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("24")]
    [InlineData("h")]
    [InlineData("1y")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("99999999999999999999d")]
    public void Anything_else_is_refused_with_examples(string text)
    {
        var refused = Assert.Throws<CliException>(() => DurationText.Parse(text, "--ttl"));

        Assert.Contains("--ttl takes a duration such as 90s, 30m, 24h, 7d", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_is_refused()
    {
        Assert.Contains("longer than zero", Assert.Throws<CliException>(() => DurationText.Parse("0m", "--ttl")).Message, StringComparison.Ordinal);
    }
}
