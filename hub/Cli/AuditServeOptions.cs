using System.CommandLine;

namespace PiController.Hub.Cli;

/// <summary>The flags of <c>pi-controller serve</c> that bound the audit log.</summary>
internal static class AuditServeOptions
{
    public static readonly TimeSpan DefaultRetention = Hosting.HubOptions.DefaultAuditRetention;
    public const int DefaultMaxRows = Hosting.HubOptions.DefaultAuditMaxRows;
    public const int MinMaxRows = 1_000;

    private static readonly Option<string> Retention = new("--audit-retention")
    {
        Description = "how long audit entries are kept (1d, 90d, 52w; default 90d)",
        DefaultValueFactory = _ => "90d",
    };

    private static readonly Option<int> MaxRows = new("--audit-max-rows")
    {
        Description = $"the most audit entries kept; beyond it the oldest go (default {DefaultMaxRows})",
        DefaultValueFactory = _ => DefaultMaxRows,
    };

    public static void AddTo(Command serve)
    {
        serve.Options.Add(Retention);
        serve.Options.Add(MaxRows);
    }

    public static (TimeSpan Retention, int MaxRows) Read(ParseResult parse)
    {
        var retention = DurationText.Parse(parse.GetValue(Retention) ?? "90d", "--audit-retention");
        if (retention < TimeSpan.FromHours(1))
        {
            throw new CliException($"--audit-retention must be at least 1h, got \"{parse.GetValue(Retention)}\"");
        }
        var maxRows = parse.GetValue(MaxRows);
        if (maxRows < MinMaxRows)
        {
            throw new CliException($"--audit-max-rows must be at least {MinMaxRows}, got {maxRows}");
        }
        return (retention, maxRows);
    }
}
