using System.CommandLine;

namespace PiController.Hub.Cli;

/// <summary>The flags of <c>pi-controller serve</c> that set how long, and how many, events are kept.</summary>
internal static class EventServeOptions
{
    public static readonly TimeSpan DefaultRetention = Hosting.HubOptions.DefaultEventRetention;
    public const long DefaultMaxRows = Hosting.HubOptions.DefaultEventMaxRows;
    public const long MinMaxRows = 1_000;

    private static readonly Option<long> MaxRows = new("--event-max-rows")
    {
        Description = $"the most events kept; the oldest beyond it are deleted whatever their age (at least {MinMaxRows}; default {DefaultMaxRows})",
        DefaultValueFactory = _ => DefaultMaxRows,
    };

    private static readonly Option<string> Retention = new("--event-retention")
    {
        Description = "how long events are kept for clients that resume (1h, 7d, 2w; default 7d)",
        DefaultValueFactory = _ => "7d",
    };

    public static void AddTo(Command serve)
    {
        serve.Options.Add(Retention);
        serve.Options.Add(MaxRows);
    }

    public static long ReadMaxRows(ParseResult parse)
    {
        var rows = parse.GetValue(MaxRows);
        return rows >= MinMaxRows
            ? rows
            : throw new CliException($"--event-max-rows must be at least {MinMaxRows}, got {rows}");
    }

    public static TimeSpan Read(ParseResult parse)
    {
        var retention = DurationText.Parse(parse.GetValue(Retention) ?? "7d", "--event-retention");
        return retention >= TimeSpan.FromMinutes(1)
            ? retention
            : throw new CliException($"--event-retention must be at least 1m, got \"{parse.GetValue(Retention)}\"");
    }
}
