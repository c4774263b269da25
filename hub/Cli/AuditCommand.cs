using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PiController.Hub.Audit;

namespace PiController.Hub.Cli;

/// <summary><c>pi-controller audit [--limit N] [--since 1h]</c>: who changed what, when, and how it ended (admin only).</summary>
internal static class AuditCommand
{
    public static Command Build()
    {
        var limit = new Option<int>("--limit", "-n") { Description = "how many entries, newest first (at most 1000)", DefaultValueFactory = _ => 50 };
        var since = new Option<string?>("--since") { Description = "only entries younger than this, such as 30m, 24h or 7d" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
        var audit = new Command("audit", "show the audit log: every change made through the API, with who, from where and the result");
        audit.Options.Add(limit);
        audit.Options.Add(since);
        audit.Options.Add(json);
        audit.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset? from = parse.GetValue(since) is { } sinceText ? DateTimeOffset.UtcNow - DurationText.Parse(sinceText, "--since") : null;
            using var client = await HubCommandLine.Client(parse, cancellationToken).ConfigureAwait(false);
            var entries = await client.ListAuditAsync(parse.GetValue(limit), from, cancellationToken).ConfigureAwait(false);
            Terminal.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(entries, HubJsonContext.Default.IReadOnlyListAuditEntry) : Render(entries));
            return 0;
        });
        return audit;
    }

    public static string Render(IReadOnlyList<AuditEntry> entries) => entries.Count == 0
        ? "No changes recorded."
        : TextTable.Render(["TIME", "ACTOR", "SOURCE", "ACTION", "TARGET", "STATUS", "RESULT"], entries.Select(e => new[]
        {
            TextTable.Time(e.At), e.Actor, e.SourceAddress, e.Action, e.Target,
            e.GrpcStatus is { } grpc ? string.Create(CultureInfo.InvariantCulture, $"{e.Status} grpc {grpc}") : e.Status.ToString(CultureInfo.InvariantCulture),
            e.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"{e.Result} x{e.Count}") : e.Result,
        }));
}
