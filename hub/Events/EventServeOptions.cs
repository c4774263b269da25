using System.CommandLine;
using PiController.Hub.Cli;

namespace PiController.Hub.Events;

/// <summary>The flag of <c>pi-controller serve</c> that sets how long events are kept.</summary>
internal static class EventServeOptions
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    private static readonly Option<string> Retention = new("--event-retention")
    {
        Description = "how long events are kept for clients that resume (1h, 7d, 2w; default 7d)",
        DefaultValueFactory = _ => "7d",
    };

    public static void AddTo(Command serve) => serve.Options.Add(Retention);

    public static TimeSpan Read(ParseResult parse)
    {
        var retention = DurationText.Parse(parse.GetValue(Retention) ?? "7d", "--event-retention");
        return retention >= TimeSpan.FromMinutes(1)
            ? retention
            : throw new CliException($"--event-retention must be at least 1m, got \"{parse.GetValue(Retention)}\"");
    }
}
