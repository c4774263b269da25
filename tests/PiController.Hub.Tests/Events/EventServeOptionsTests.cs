using System.CommandLine;
using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Events;

public sealed class EventServeOptionsTests
{
    private static ParseResult Parse(string arguments)
    {
        var serve = new Command("serve");
        EventServeOptions.AddTo(serve);
        return serve.Parse(arguments);
    }

    [Theory]
    [InlineData("", EventServeOptions.DefaultMaxRows)]
    [InlineData("--event-max-rows 5000", 5000)]
    public void The_row_cap_defaults_to_a_million_and_takes_a_count(string arguments, long expected) =>
        Assert.Equal(expected, EventServeOptions.ReadMaxRows(Parse(arguments)));

    [Theory]
    [InlineData("--event-max-rows 999")]
    [InlineData("--event-max-rows 0")]
    [InlineData("--event-max-rows -5")]
    public void A_cap_too_small_to_hold_a_burst_is_refused_naming_the_flag(string arguments)
    {
        var e = Assert.Throws<CliException>(() => EventServeOptions.ReadMaxRows(Parse(arguments)));
        Assert.StartsWith("--event-max-rows must be at least 1000", e.Message, StringComparison.Ordinal);
    }
}
