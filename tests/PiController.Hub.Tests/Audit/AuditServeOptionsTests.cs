using System.CommandLine;
using PiController.Hub.Cli;

namespace PiController.Hub.Tests.Audit;

public sealed class AuditServeOptionsTests
{
    private static ParseResult Parse(params string[] args)
    {
        var serve = new Command("serve");
        AuditServeOptions.AddTo(serve);
        return serve.Parse(args);
    }

    [Fact]
    public void Without_flags_the_log_keeps_90_days_and_at_most_500000_rows() =>
        Assert.Equal((TimeSpan.FromDays(90), 500_000), AuditServeOptions.Read(Parse()));

    [Fact]
    public void The_flags_set_the_retention_and_the_row_cap() =>
        Assert.Equal((TimeSpan.FromDays(14), 20_000), AuditServeOptions.Read(Parse("--audit-retention", "2w", "--audit-max-rows", "20000")));

    [Theory]
    [InlineData("--audit-retention", "30m", "--audit-retention must be at least 1h")]
    [InlineData("--audit-max-rows", "10", "--audit-max-rows must be at least 1000")]
    public void Bounds_too_small_to_be_meant_are_refused_naming_the_flag(string flag, string value, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<CliException>(() => AuditServeOptions.Read(Parse(flag, value))).Message, StringComparison.Ordinal);
}
